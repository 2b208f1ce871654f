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

const logins = new WeakMap<Octokit, Promise<string | undefined>>();

/**
 * Who this token writes as, when GitHub says (`GET /user` works for personal tokens). The job
 * token and app tokens may not ask; they write as a bot (`github-actions[bot]`, `<app>[bot]`).
 */
export function ownLogin(octokit: Octokit): Promise<string | undefined> {
  let login = logins.get(octokit);
  if (!login) {
    login = octokit.rest.users.getAuthenticated().then(
      ({ data }) => data.login,
      () => undefined,
    );
    logins.set(octokit, login);
  }
  return login;
}

/**
 * Written by this token (or, when it cannot say who it is, by a bot: people cannot post as
 * one) and opening with the marker: a marker someone quoted or pasted is not enough.
 */
async function ownedBy(octokit: Octokit, marker: string): Promise<(item: { body?: string | null; user?: { login: string; type?: string } | null }) => boolean> {
  const login = await ownLogin(octokit);
  return (item) => (login ? item.user?.login === login : item.user?.type === 'Bot') && (item.body ?? '').startsWith(marker);
}

async function findMarkedComment(octokit: Octokit, repo: Repo, pr: number, marker: string): Promise<number | undefined> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: pr, per_page: 100 });
  const ours = await ownedBy(octokit, marker);
  return comments.find(ours)?.id;
}

/** The open issue this token opened with `marker` (pull requests excluded), if any. */
export async function findMarkedIssue(octokit: Octokit, repo: Repo, marker: string): Promise<number | undefined> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, state: 'open', per_page: 100 });
  const ours = await ownedBy(octokit, marker);
  return issues.find((i) => !i.pull_request && ours(i))?.number;
}

/** GitHub's compare of two commits (`ahead`, `behind`, `identical`, `diverged`); undefined when it knows neither. */
export async function compareCommits(octokit: Octokit, repo: Repo, base: string, head: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}`, per_page: 1 });
    return data.status;
  } catch (err) {
    // A commit GitHub does not know (history rewritten, a mirror's commit): no ancestry to go by.
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
}

/** The custom domain set in Settings → Pages; undefined when there is none or the token may not read it. */
export async function pagesCustomDomain(octokit: Octokit, repo: Repo): Promise<{ domain?: string; unreadable?: string }> {
  try {
    const { data } = await octokit.rest.repos.getPages({ ...repo });
    return { domain: data.cname ?? undefined };
  } catch (err) {
    const status = (err as { status?: number }).status;
    // 404: Pages is not set up yet. 403: the job lacks "pages: read"; the branch's CNAME still says.
    return status === 404 ? {} : { unreadable: `HTTP ${status ?? '?'}` };
  }
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
