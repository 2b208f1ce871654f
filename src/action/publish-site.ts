import * as core from '@actions/core';
import { deadExternalLinks, type CheckReport } from './check-result.js';
import type { Plan } from './event.js';
import { closeMarkedIssue, compareCommits, explainFailure, openOrUpdateIssue, type Octokit, type Repo } from './github-api.js';
import type { ActionInputs } from './inputs.js';
import { LINK_ROT_MARKER, LINK_ROT_TITLE, linkRotFixed, linkRotIssue } from './messages.js';
import { ancestryFromCompare, type Ancestry } from './provenance.js';
import { pagesRemote, publish } from './publish.js';
import { previewFolder } from './site-url.js';

export interface DeployOutcome {
  /** What happened, for the log and the job summary. */
  sentence: string;
  /** The newer commit the live site was built from, when this older one stood down. */
  superseded?: string;
}

/** Publish a checked site as the plan says; undefined when the plan publishes nothing. */
export async function deploySite(plan: Plan, options: { inputs: ActionInputs; tempDir: string; siteDir: string; sha: string; octokit?: Octokit; repo: Repo }): Promise<DeployOutcome | undefined> {
  const { inputs, tempDir, siteDir, sha, octokit, repo } = options;
  if (plan.kind === 'production' && inputs.deploy === 'artifact') {
    return { sentence: `Built for the Pages artifact flow: upload ${siteDir} with actions/upload-pages-artifact.` };
  }
  if (plan.kind !== 'production' && plan.kind !== 'preview') return undefined;
  const remote = pagesRemote(inputs);
  const change = plan.kind === 'production' ? { kind: 'root' as const, siteDir, cname: inputs.cname } : { kind: 'preview' as const, pr: plan.pr, siteDir };
  const message = plan.kind === 'production' ? `Deploy ${sha}` : `Deploy the preview of PR #${plan.pr} at ${sha}`;
  const source = plan.kind === 'production' ? { sha, compare: (recorded: string) => ancestry(octokit, repo, sha, recorded) } : undefined;
  const result = await publish(change, { inputs, remote, tempDir, message, source });
  if (result.superseded) {
    const sentence = `Not deployed: the site on ${inputs.branch} was built from ${result.superseded.slice(0, 7)}, which is newer than ${sha.slice(0, 7)} (it descends from it). An older commit never replaces a newer site.`;
    core.notice(sentence);
    return { sentence, superseded: result.superseded };
  }
  const folder = plan.kind === 'production' ? 'the site root' : `${previewFolder(plan.pr)}/`;
  const sentence = result.commit ? `Deployed ${sha.slice(0, 7)} to ${folder} of ${inputs.branch} (${result.commit.slice(0, 7)}).` : `${folder} of ${inputs.branch} already matched ${sha.slice(0, 7)}.`;
  core.info(sentence);
  return { sentence };
}

/** Whether the commit the live site records is newer than ours, asked of GitHub (a checkout is usually shallow). */
async function ancestry(octokit: Octokit | undefined, repo: Repo, ours: string, recorded: string): Promise<Ancestry> {
  if (!octokit) return 'unknown';
  const status = await explainFailure('Comparing this commit with the one the live site was built from', 'contents: read', () => compareCommits(octokit, repo, ours, recorded));
  const result = ancestryFromCompare(status);
  if (result === 'unknown') core.warning(`The site on the Pages branch records ${recorded.slice(0, 7)}, a commit GitHub does not know (history rewritten?). Deploying ${ours.slice(0, 7)}.`);
  if (result === 'diverged') core.warning(`The site on the Pages branch was built from ${recorded.slice(0, 7)}, which is on another line of history than ${ours.slice(0, 7)} (a force push?). Deploying ${ours.slice(0, 7)}.`);
  return result;
}

/** Keep ONE issue listing the dead external links: open or update it, or close it once clean. */
export async function reportLinkRot(octokit: Octokit, repo: Repo, report: CheckReport, options: { siteUrl: string; runUrl: string }): Promise<void> {
  const dead = deadExternalLinks(report);
  if (dead.length > 0) {
    const issue = await openOrUpdateIssue(octokit, repo, LINK_ROT_MARKER, LINK_ROT_TITLE, linkRotIssue({ dead, ...options }));
    core.warning(`${dead.length} external link(s) are dead; ${issue.created ? 'opened' : 'updated'} issue #${issue.number}.`);
    return;
  }
  const closed = await closeMarkedIssue(octokit, repo, LINK_ROT_MARKER, linkRotFixed(options.runUrl));
  if (closed) core.info(`Every external link works again; closed issue #${closed}.`);
}
