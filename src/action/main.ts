import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { buildAndCheck } from './build-and-check.js';
import { changedPosts } from './changed-posts.js';
import type { CheckReport } from './check-result.js';
import { cnameDomain, resolveProduction } from './custom-domain.js';
import { planRun, sourceSha, wantsExternalLinks, type EventPayload, type Plan, type RunEvent } from './event.js';
import { changedFiles, explainFailure, pagesCustomDomain, updateMarkedComment, upsertMarkedComment, type Octokit, type Repo } from './github-api.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { PREVIEW_COMMENT_MARKER, failureReason, previewComment, previewRemovedComment } from './messages.js';
import { readPagesFile } from './pages-branch.js';
import { deploySite, reportLinkRot } from './publish-site.js';
import { pagesRemote, publish } from './publish.js';
import { annotate, asWritten, inRepoPaths, repoPathResolver, writeSummary } from './report.js';
import { daysSinceLastCommit, scheduleWarning } from './schedule-health.js';
import { locationUrl, previewFolder, previewLocation, type SiteLocation } from './site-url.js';

/** Links back to this run and to the source commit, for comments and issues. */
interface RunLinks {
  runUrl: string;
  commitUrl: (sha: string) => string;
}

/** What is known about the run so far, so a failure at any stage can still be reported. */
interface RunState {
  plan?: Plan;
  sha: string;
  octokit?: Octokit;
  repo: Repo;
  links?: RunLinks;
  pageUrl?: string;
  report?: CheckReport;
  commented?: boolean;
}

/** The action's entry point: every failure ends in `core.setFailed` with a message saying what to do. */
export async function run(): Promise<void> {
  const state: RunState = { sha: github.context.sha, repo: github.context.repo };
  try {
    await runAction(state);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await reportFailure(state, message);
    core.setFailed(message);
  }
}

async function runAction(state: RunState): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const tempDir = process.env.RUNNER_TEMP || tmpdir();
  const inputs = readInputs(workspace);
  const { context } = github;
  const event: RunEvent = { name: context.eventName, ref: context.ref, sha: context.sha, payload: context.payload as EventPayload };
  const { repo } = state;
  const plan = planRun(event, inputs);
  const sha = sourceSha(event);
  const external = wantsExternalLinks(event, inputs.externalLinks);
  const fork = plan.kind === 'check-only' && plan.fork;
  core.info(`Lemma: ${plan.reason}.`);
  if (plan.kind === 'nothing') return;
  Object.assign(state, { plan, sha });

  const pushes = inputs.deploy === 'branch' && plan.kind !== 'check-only';
  const reportsLinkRot = event.name === 'schedule' && external && inputs.linkRotIssue;
  const writesApi = !fork && (plan.kind === 'preview' || plan.kind === 'remove-preview' || reportsLinkRot);
  if ((pushes || writesApi) && !inputs.token) {
    throw new InputError('token', `is empty, but this run ${pushes ? `pushes to the ${inputs.branch} branch` : 'writes a comment or issue'}. Leave "token" at its default (\${{ github.token }}) and grant "contents: write" (and "pull-requests: write", "issues: write") in the workflow's permissions.`);
  }
  // Fork code never gets a client holding the token: there is nothing it could call.
  const octokit = !fork && inputs.token ? github.getOctokit(inputs.token) : undefined;
  const server = context.serverUrl.replace(/\/+$/, '');
  const links: RunLinks = {
    runUrl: `${server}/${repo.owner}/${repo.repo}/actions/runs/${context.runId}`,
    commitUrl: (commit) => `${server}/${repo.owner}/${repo.repo}/commit/${commit}`,
  };
  state.octokit = writesApi ? octokit : undefined;
  state.links = links;
  const production = await productionSite(inputs, { fork, octokit, repo, tempDir });
  const pageUrl = locationUrl(production);
  state.pageUrl = pageUrl;
  core.setOutput('page-url', pageUrl);

  if (plan.kind === 'remove-preview') {
    const result = await publish({ kind: 'remove-preview', pr: plan.pr }, { inputs, remote: pagesRemote(inputs), tempDir, message: `Remove the preview of PR #${plan.pr} (closed at ${sha})` });
    if (octokit) {
      const body = previewRemovedComment({ sha, runUrl: links.runUrl });
      await explainFailure('Updating the preview comment', 'pull-requests: write', () => updateMarkedComment(octokit, repo, plan.pr, PREVIEW_COMMENT_MARKER, body));
      state.commented = true;
    }
    const deployed = result.commit ? `Removed ${previewFolder(plan.pr)}/ from ${inputs.branch} (${result.commit}).` : `${previewFolder(plan.pr)}/ was not on ${inputs.branch}; nothing to remove.`;
    core.info(deployed);
    await writeSummary({ reason: plan.reason, deployed, pageUrl, notes: [] });
    return;
  }

  const notes: string[] = [];
  if (event.name === 'schedule') {
    const stale = scheduleWarning(daysSinceLastCommit(workspace));
    if (stale) {
      core.warning(stale);
      notes.push(stale);
    }
  }
  const location = plan.kind === 'preview' ? previewLocation(production, plan.pr) : production;
  const cacheDir = path.join(workspace, '.cache');
  const built = await buildAndCheck({ workingDirectory: inputs.workingDirectory, cacheDir, tempDir, location, external, untrusted: fork });
  const repoPath = repoPathResolver(workspace, inputs.workingDirectory);
  const written = asWritten(built.report, location.pathPrefix);
  annotate(written, repoPath);
  // From here on, problems name files as the author sees them in the repository.
  const report = inRepoPaths(written, repoPath);
  state.report = report;
  core.setOutput('site-dir', built.siteDir);
  core.setOutput('errors', String(report.errors));
  core.setOutput('warnings', String(report.warnings));

  // The summary's first line already gives the reason; the notice makes it visible on the run page.
  if (fork) core.notice('Pull request from a fork: built and checked only. Nothing was pushed, no comment was written, and no write token was used.');
  const failed = report.errors > 0;
  const failure = failed ? `Nothing was deployed: ${failureReason(report)}.` : undefined;
  const outcome = failed ? undefined : await deploySite(plan, { inputs, tempDir, siteDir: built.siteDir, sha, octokit, repo });
  const deployed = outcome?.sentence;
  const previewUrl = plan.kind === 'preview' && outcome ? locationUrl(location) : undefined;
  if (previewUrl) core.setOutput('preview-url', previewUrl);

  if (plan.kind === 'preview' && octokit) {
    await writePreviewComment(octokit, repo, plan.pr, { workspace, inputs, siteDir: built.siteDir, location, previewUrl, failure: failed ? failureReason(report) : undefined, report, sha, links });
    state.commented = true;
  }
  if (reportsLinkRot && octokit) {
    await explainFailure('Reporting dead links in an issue', 'issues: write', () => reportLinkRot(octokit, repo, report, { siteUrl: pageUrl, runUrl: links.runUrl }));
  }

  await writeSummary({ reason: plan.reason, failure, report, deployed, pageUrl, previewUrl, notes });
  if (failed) core.setFailed(`Lemma found ${report.errors} error(s); nothing was deployed (${failureReason(report)}). Each is annotated on the line to fix.`);
}

/**
 * The production address, from the inputs and what GitHub Pages already serves: a `CNAME` on
 * the Pages branch, and the custom domain in Settings → Pages. A fork's run asks neither.
 */
async function productionSite(inputs: ActionInputs, options: { fork: boolean; octokit?: Octokit; repo: Repo; tempDir: string }): Promise<SiteLocation> {
  const { fork, octokit, repo, tempDir } = options;
  let branch: string | undefined;
  if (inputs.deploy === 'branch' && !fork) {
    const remote = pagesRemote(inputs);
    branch = cnameDomain(await readPagesFile('CNAME', { remoteUrl: remote.url, branch: inputs.branch, gitConfig: remote.gitConfig, tempDir }));
  }
  let setting: string | undefined;
  if (octokit) {
    const pages = await pagesCustomDomain(octokit, repo);
    if (pages.unreadable) core.info(`Could not read the custom domain in Settings → Pages (${pages.unreadable}; grant "pages: read" to have it checked). Going by the ${inputs.branch} branch's CNAME.`);
    setting = cnameDomain(pages.domain);
  }
  return resolveProduction({ siteUrl: inputs.siteUrl, domains: { input: inputs.cname, branch, setting, branchName: inputs.branch }, repository: `${repo.owner}/${repo.repo}` });
}

async function writePreviewComment(
  octokit: Octokit,
  repo: Repo,
  pr: number,
  input: { workspace: string; inputs: ActionInputs; siteDir: string; location: SiteLocation; previewUrl?: string; failure?: string; report: CheckReport; sha: string; links: RunLinks },
): Promise<void> {
  const files = await explainFailure('Listing the files of the pull request', 'pull-requests: write', () => changedFiles(octokit, repo, pr));
  const projectPrefix = path.relative(input.workspace, input.inputs.workingDirectory).split(path.sep).join('/');
  const posts = changedPosts(files, { projectPrefix, siteDir: input.siteDir, siteUrl: locationUrl(input.location) });
  const body = previewComment({ previewUrl: input.previewUrl, failure: input.failure, sha: input.sha, commitUrl: input.links.commitUrl(input.sha), posts, report: input.report, runUrl: input.links.runUrl });
  const comment = await explainFailure('Writing the preview comment', 'pull-requests: write', () => upsertMarkedComment(octokit, repo, pr, PREVIEW_COMMENT_MARKER, body));
  core.info(`${comment.created ? 'Created' : 'Updated'} the preview comment on PR #${pr}.`);
}

/**
 * A run that stopped on an error still leaves its traces where the author looks: the
 * `errors` output, the job summary, and on a pull request the sticky comment, which must not
 * keep saying "0 errors" from the last good run.
 */
async function reportFailure(state: RunState, message: string): Promise<void> {
  try {
    core.setOutput('errors', String(Math.max(state.report?.errors ?? 0, 1)));
    const reason = state.plan?.reason ?? 'the run stopped before it could decide what to do';
    await writeSummary({ reason, failure: message, report: state.report, pageUrl: state.pageUrl ?? '(not known)', notes: [] });
    if (!state.plan) return;
    const { plan, octokit, links } = state;
    if (plan.kind === 'preview' && octokit && links && !state.commented) {
      const body = previewComment({ failure: message, sha: state.sha, commitUrl: links.commitUrl(state.sha), posts: [], report: state.report, runUrl: links.runUrl });
      await upsertMarkedComment(octokit, state.repo, plan.pr, PREVIEW_COMMENT_MARKER, body);
    }
  } catch (err) {
    // The failure itself is what the run reports; a second one only gets a line.
    core.warning(`Could not report the failure everywhere: ${err instanceof Error ? err.message : String(err)}`);
  }
}
