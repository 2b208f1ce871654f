import * as github from '@actions/github';

export type Octokit = ReturnType<typeof github.getOctokit>;
export interface Repo {
  owner: string;
  repo: string;
}

/** Create or update the ONE comment on `pr` that carries `marker`; returns its id. */
export async function upsertMarkedComment(octokit: Octokit, repo: Repo, pr: number, marker: string, body: string): Promise<{ id: number; created: boolean }> {
  const existing = await findMarkedComment(octokit, repo, pr, marker);
  if (existing) {
    await octokit.rest.issues.updateComment({ ...repo, comment_id: existing, body });
    return { id: existing, created: false };
  }
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: pr, body });
  return { id: data.id, created: true };
}

/** Update the marked comment if there is one (a closed PR that never got a preview gets no new comment). */
export async function updateMarkedComment(octokit: Octokit, repo: Repo, pr: number, marker: string, body: string): Promise<boolean> {
  const existing = await findMarkedComment(octokit, repo, pr, marker);
  if (!existing) return false;
  await octokit.rest.issues.updateComment({ ...repo, comment_id: existing, body });
  return true;
}

async function findMarkedComment(octokit: Octokit, repo: Repo, pr: number, marker: string): Promise<number | undefined> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: pr, per_page: 100 });
  return comments.find((c) => c.body?.includes(marker))?.id;
}

/** The open issue carrying `marker` (pull requests excluded), if any. */
export async function findMarkedIssue(octokit: Octokit, repo: Repo, marker: string): Promise<number | undefined> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, state: 'open', per_page: 100 });
  return issues.find((i) => !i.pull_request && i.body?.includes(marker))?.number;
}

export async function openOrUpdateIssue(octokit: Octokit, repo: Repo, marker: string, title: string, body: string): Promise<{ number: number; created: boolean }> {
  const existing = await findMarkedIssue(octokit, repo, marker);
  if (existing) {
    await octokit.rest.issues.update({ ...repo, issue_number: existing, title, body });
    return { number: existing, created: false };
  }
  const { data } = await octokit.rest.issues.create({ ...repo, title, body });
  return { number: data.number, created: true };
}

/** Close the marked issue with a short comment; returns its number, or undefined when none was open. */
export async function closeMarkedIssue(octokit: Octokit, repo: Repo, marker: string, comment: string): Promise<number | undefined> {
  const existing = await findMarkedIssue(octokit, repo, marker);
  if (!existing) return undefined;
  await octokit.rest.issues.createComment({ ...repo, issue_number: existing, body: comment });
  await octokit.rest.issues.update({ ...repo, issue_number: existing, state: 'closed', state_reason: 'completed' });
  return existing;
}

/** Paths (from the repository root) that the pull request added or modified. */
export async function changedFiles(octokit: Octokit, repo: Repo, pr: number): Promise<string[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...repo, pull_number: pr, per_page: 100 });
  return files.filter((f) => f.status !== 'removed').map((f) => f.filename);
}

/** Run an API call; on failure say what failed and, for 403/404, which permission the job lacks. */
export async function explainFailure<T>(what: string, permission: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const status = (err as { status?: number }).status;
    const hint = status === 403 || status === 404 ? ` Grant "${permission}" in the job's permissions and keep the "token" input at its default.` : '';
    throw new Error(`${what} failed${status ? ` (HTTP ${status})` : ''}: ${err instanceof Error ? err.message : String(err)}.${hint}`);
  }
}
