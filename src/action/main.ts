import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { buildAndCheck } from './build-and-check.js';
import { changedPosts } from './changed-posts.js';
import { deadExternalLinks, type CheckReport } from './check-result.js';
import { planRun, sourceSha, wantsExternalLinks, type EventPayload, type Plan, type RunEvent } from './event.js';
import { changedFiles, closeMarkedIssue, explainFailure, openOrUpdateIssue, updateMarkedComment, upsertMarkedComment, type Octokit, type Repo } from './github-api.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { LINK_ROT_MARKER, LINK_ROT_TITLE, PREVIEW_COMMENT_MARKER, linkRotFixed, linkRotIssue, previewComment, previewRemovedComment } from './messages.js';
import { pagesRemote, publish } from './publish.js';
import { annotate, inRepoPaths, repoPathResolver, writeSummary } from './report.js';
import { locationUrl, previewFolder, previewLocation, productionLocation } from './site-url.js';

/** Links back to this run and to the source commit, for comments and issues. */
interface RunLinks {
  runUrl: string;
  commitUrl: (sha: string) => string;
}

/** The action's entry point: every failure ends in `core.setFailed` with a message saying what to do. */
export async function run(): Promise<void> {
  try {
    await runAction();
  } catch (err) {
    core.setFailed(err instanceof Error ? err.message : String(err));
  }
}

async function runAction(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const tempDir = process.env.RUNNER_TEMP || tmpdir();
  const inputs = readInputs(workspace);
  const { context } = github;
  const event: RunEvent = { name: context.eventName, ref: context.ref, sha: context.sha, payload: context.payload as EventPayload };
  const repo = context.repo;
  const plan = planRun(event, inputs);
  const sha = sourceSha(event);
  const external = wantsExternalLinks(event, inputs.externalLinks);
  const fork = plan.kind === 'check-only' && plan.fork;
  core.info(`Lemma: ${plan.reason}.`);
  if (plan.kind === 'nothing') return;

  const pushes = inputs.deploy === 'branch' && plan.kind !== 'check-only';
  const reportsLinkRot = event.name === 'schedule' && external && inputs.linkRotIssue;
  const writesApi = !fork && (plan.kind === 'preview' || plan.kind === 'remove-preview' || reportsLinkRot);
  if ((pushes || writesApi) && !inputs.token) {
    throw new InputError('token', `is empty, but this run ${pushes ? `pushes to the ${inputs.branch} branch` : 'writes a comment or issue'}. Leave "token" at its default (\${{ github.token }}) and grant "contents: write" (and "pull-requests: write", "issues: write") in the workflow's permissions.`);
  }
  // Fork code never gets a client holding the token: there is nothing it could call.
  const octokit = writesApi ? github.getOctokit(inputs.token) : undefined;
  const server = context.serverUrl.replace(/\/+$/, '');
  const links: RunLinks = {
    runUrl: `${server}/${repo.owner}/${repo.repo}/actions/runs/${context.runId}`,
    commitUrl: (commit) => `${server}/${repo.owner}/${repo.repo}/commit/${commit}`,
  };
  const production = productionLocation({ siteUrl: inputs.siteUrl, cname: inputs.cname, repository: `${repo.owner}/${repo.repo}` });
  const pageUrl = locationUrl(production);
  core.setOutput('page-url', pageUrl);

  if (plan.kind === 'remove-preview') {
    const result = await publish({ kind: 'remove-preview', pr: plan.pr }, { inputs, remote: pagesRemote(inputs), tempDir, message: `Remove the preview of PR #${plan.pr} (closed at ${sha})` });
    if (octokit) {
      const body = previewRemovedComment({ sha, runUrl: links.runUrl });
      await explainFailure('Updating the preview comment', 'pull-requests: write', () => updateMarkedComment(octokit, repo, plan.pr, PREVIEW_COMMENT_MARKER, body));
    }
    const deployed = result.commit ? `Removed ${previewFolder(plan.pr)}/ from ${inputs.branch} (${result.commit}).` : `${previewFolder(plan.pr)}/ was not on ${inputs.branch}; nothing to remove.`;
    core.info(deployed);
    await writeSummary({ reason: plan.reason, deployed, pageUrl, notes: [] });
    return;
  }

  const location = plan.kind === 'preview' ? previewLocation(production, plan.pr) : production;
  const built = await buildAndCheck({ workingDirectory: inputs.workingDirectory, tempDir, location, external });
  const repoPath = repoPathResolver(workspace, inputs.workingDirectory);
  annotate(built.report, repoPath);
  // From here on, problems name files as the author sees them in the repository.
  const report = inRepoPaths(built.report, repoPath);
  core.setOutput('site-dir', built.siteDir);
  core.setOutput('errors', String(report.errors));
  core.setOutput('warnings', String(report.warnings));

  const notes: string[] = [];
  // The summary's first line already gives the reason; the notice makes it visible on the run page.
  if (fork) core.notice('Pull request from a fork: built and checked only. Nothing was pushed, no comment was written, and no write token was used.');
  const failed = report.errors > 0;
  if (failed) notes.push(`Nothing was deployed: the checks found ${report.errors} error(s).`);
  const deployed = failed ? undefined : await deploy(plan, { inputs, tempDir, siteDir: built.siteDir, sha });
  const previewUrl = plan.kind === 'preview' && deployed ? locationUrl(location) : undefined;
  if (previewUrl) core.setOutput('preview-url', previewUrl);

  if (plan.kind === 'preview' && octokit) {
    const files = await explainFailure('Listing the files of the pull request', 'pull-requests: write', () => changedFiles(octokit, repo, plan.pr));
    const projectPrefix = path.relative(workspace, inputs.workingDirectory).split(path.sep).join('/');
    const posts = changedPosts(files, { projectPrefix, siteDir: built.siteDir, siteUrl: locationUrl(location) });
    const body = previewComment({ previewUrl, notDeployed: failed ? `the checks found ${report.errors} error(s)` : undefined, sha, commitUrl: links.commitUrl(sha), posts, report, runUrl: links.runUrl });
    const comment = await explainFailure('Writing the preview comment', 'pull-requests: write', () => upsertMarkedComment(octokit, repo, plan.pr, PREVIEW_COMMENT_MARKER, body));
    core.info(`${comment.created ? 'Created' : 'Updated'} the preview comment on PR #${plan.pr}.`);
  }
  if (reportsLinkRot && octokit) {
    await explainFailure('Reporting dead links in an issue', 'issues: write', () => reportLinkRot(octokit, repo, report, { siteUrl: pageUrl, runUrl: links.runUrl }));
  }

  await writeSummary({ reason: plan.reason, report, deployed, pageUrl, previewUrl, notes });
  if (failed) core.setFailed(`Lemma found ${report.errors} error(s); nothing was deployed. Each is annotated on the line to fix.`);
}

/** Publish a checked site as the plan says; returns a sentence for the log and summary. */
async function deploy(plan: Plan, options: { inputs: ActionInputs; tempDir: string; siteDir: string; sha: string }): Promise<string | undefined> {
  const { inputs, tempDir, siteDir, sha } = options;
  if (plan.kind === 'production' && inputs.deploy === 'artifact') {
    return `Built for the Pages artifact flow: upload ${siteDir} with actions/upload-pages-artifact.`;
  }
  if (plan.kind !== 'production' && plan.kind !== 'preview') return undefined;
  const remote = pagesRemote(inputs);
  const change = plan.kind === 'production' ? { kind: 'root' as const, siteDir, cname: inputs.cname } : { kind: 'preview' as const, pr: plan.pr, siteDir };
  const message = plan.kind === 'production' ? `Deploy ${sha}` : `Deploy the preview of PR #${plan.pr} at ${sha}`;
  const result = await publish(change, { inputs, remote, tempDir, message });
  const folder = plan.kind === 'production' ? 'the site root' : `${previewFolder(plan.pr)}/`;
  const sentence = result.commit ? `Deployed ${sha.slice(0, 7)} to ${folder} of ${inputs.branch} (${result.commit.slice(0, 7)}).` : `${folder} of ${inputs.branch} already matched ${sha.slice(0, 7)}.`;
  core.info(sentence);
  return sentence;
}

/** Keep ONE issue listing the dead external links: open or update it, or close it once clean. */
async function reportLinkRot(octokit: Octokit, repo: Repo, report: CheckReport, options: { siteUrl: string; runUrl: string }): Promise<void> {
  const dead = deadExternalLinks(report);
  if (dead.length > 0) {
    const issue = await openOrUpdateIssue(octokit, repo, LINK_ROT_MARKER, LINK_ROT_TITLE, linkRotIssue({ dead, ...options }));
    core.warning(`${dead.length} external link(s) are dead; ${issue.created ? 'opened' : 'updated'} issue #${issue.number}.`);
    return;
  }
  const closed = await closeMarkedIssue(octokit, repo, LINK_ROT_MARKER, linkRotFixed(options.runUrl));
  if (closed) core.info(`Every external link works again; closed issue #${closed}.`);
}
