import type { ActionInputs } from './inputs.js';

/** The fields of a GitHub event payload this action reads. */
export interface EventPayload {
  action?: string;
  repository?: { id?: number; default_branch?: string; full_name?: string };
  pull_request?: {
    number: number;
    merged?: boolean;
    head: { sha: string; ref?: string; repo: { id: number; full_name?: string } | null };
    base?: { ref?: string };
  };
}

/** What this run does after building and checking. */
export type Plan =
  | { kind: 'production'; reason: string }
  | { kind: 'preview'; pr: number; reason: string }
  | { kind: 'remove-preview'; pr: number; reason: string }
  | { kind: 'check-only'; pr?: number; reason: string; fork: boolean }
  | { kind: 'nothing'; reason: string };

export interface RunEvent {
  name: string;
  ref: string;
  sha: string;
  payload: EventPayload;
}

const PREVIEW_ACTIONS = ['opened', 'synchronize', 'reopened'];

/** A pull request whose head lives in another repository must never see a write token. */
export function isForkPullRequest(payload: EventPayload): boolean {
  const pr = payload.pull_request;
  if (!pr) return false;
  return pr.head.repo === null || pr.head.repo.id !== payload.repository?.id;
}

/** The commit the site was built from: the PR head for pull requests, else the pushed commit. */
export function sourceSha(event: RunEvent): string {
  return event.payload.pull_request?.head.sha ?? event.sha;
}

/** Decide, from the event alone, whether this run publishes, previews, removes a preview, or only checks. */
export function planRun(event: RunEvent, inputs: Pick<ActionInputs, 'deploy' | 'previews'>): Plan {
  const pr = event.payload.pull_request;
  if (pr) {
    const fork = isForkPullRequest(event.payload);
    if (event.payload.action === 'closed' && (fork || inputs.deploy !== 'branch' || !inputs.previews)) {
      return { kind: 'nothing', reason: `pull request #${pr.number} was closed and has no preview to remove: nothing to do` };
    }
    if (fork) {
      return { kind: 'check-only', pr: pr.number, fork: true, reason: `pull request #${pr.number} comes from a fork: building and checking only, nothing is pushed and no write token is used` };
    }
    if (inputs.deploy !== 'branch' || !inputs.previews) {
      return { kind: 'check-only', pr: pr.number, fork: false, reason: `previews are off (deploy: ${inputs.deploy}, previews: ${inputs.previews}): building and checking only` };
    }
    if (event.payload.action === 'closed') return { kind: 'remove-preview', pr: pr.number, reason: `pull request #${pr.number} was closed: removing its preview` };
    if (PREVIEW_ACTIONS.includes(event.payload.action ?? '')) {
      return { kind: 'preview', pr: pr.number, reason: `pull request #${pr.number} ${event.payload.action}: deploying its preview` };
    }
    return { kind: 'check-only', pr: pr.number, fork: false, reason: `pull request event "${event.payload.action}" needs no deploy: building and checking only` };
  }
  if (inputs.deploy === 'none') return { kind: 'check-only', fork: false, reason: 'deploy: none — building and checking only' };
  if (event.name === 'schedule') return { kind: 'production', reason: 'scheduled rebuild: publishing posts whose date has come' };
  const defaultBranch = event.payload.repository?.default_branch;
  if ((event.name === 'push' || event.name === 'workflow_dispatch') && defaultBranch && event.ref === `refs/heads/${defaultBranch}`) {
    return { kind: 'production', reason: `${event.name} to ${defaultBranch}: publishing the site` };
  }
  return { kind: 'check-only', fork: false, reason: `${event.name} on ${event.ref || 'an unknown ref'} is not the default branch: building and checking only` };
}

/** Whether the external-link check runs in this run. */
export function wantsExternalLinks(event: RunEvent, setting: ActionInputs['externalLinks']): boolean {
  return setting === 'always' || (setting === 'schedule' && event.name === 'schedule');
}
