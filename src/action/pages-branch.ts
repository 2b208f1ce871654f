import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Git } from './git.js';
import { previewFolder } from './site-url.js';

/** One change to the Pages branch. */
export type PagesChange =
  | { kind: 'root'; siteDir: string; cname: string }
  | { kind: 'preview'; pr: number; siteDir: string }
  | { kind: 'remove-preview'; pr: number };

export interface PagesTarget {
  /** Where to push: a GitHub URL, or any git remote (a local bare repository in tests). */
  remoteUrl: string;
  branch: string;
  /** Extra git settings such as the auth header; passed per command, never stored. */
  gitConfig: Record<string, string>;
  /** Scratch space for the clone. */
  tempDir: string;
  message: string;
  attempts: number;
  log?: (line: string) => void;
}

export interface DeployResult {
  /** The commit now at the tip of the Pages branch, or undefined when nothing changed. */
  commit?: string;
  attempts: number;
}

const IDENTITY = {
  'user.name': 'github-actions[bot]',
  'user.email': '41898282+github-actions[bot]@users.noreply.github.com',
};
/** Top-level entries a production deploy never deletes. */
const KEPT_AT_ROOT = new Set(['.git', 'pr-preview', 'CNAME']);

/** A push the remote refused because its branch moved on (someone else deployed meanwhile). */
function isRaceRejection(stderr: string): boolean {
  return /\[rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref|stale info/i.test(stderr);
}

/**
 * Commit `change` on top of the Pages branch and push it without force. When the push is
 * rejected because another deploy landed first, fetch the new tip, re-apply this change on it
 * (a rebase that cannot conflict, since each change owns its folder) and push again.
 */
export async function deployToPagesBranch(change: PagesChange, target: PagesTarget): Promise<DeployResult> {
  const dir = mkdtempSync(path.join(target.tempDir, 'lemma-pages-'));
  const git = new Git(dir, { ...IDENTITY, ...target.gitConfig });
  const log = target.log ?? (() => {});
  await git.run(['init', '--quiet']);
  await git.run(['remote', 'add', 'origin', target.remoteUrl]);
  try {
    for (let attempt = 1; attempt <= target.attempts; attempt++) {
      await checkoutTip(git, target.branch);
      applyChange(dir, change);
      await git.run(['add', '--all']);
      if ((await git.exec(['diff', '--cached', '--quiet'])).code === 0) {
        log(`The ${target.branch} branch already holds this content; nothing to push.`);
        return { attempts: attempt };
      }
      await git.run(['commit', '--quiet', '--no-verify', '-m', target.message]);
      const push = await git.exec(['push', '--porcelain', 'origin', `HEAD:refs/heads/${target.branch}`]);
      if (push.code === 0) {
        return { commit: (await git.run(['rev-parse', 'HEAD'])).trim(), attempts: attempt };
      }
      if (!isRaceRejection(push.stderr + push.stdout)) {
        throw new Error(`Pushing to ${target.branch} failed: ${push.stderr.trim() || push.stdout.trim()}`);
      }
      log(`Push ${attempt}/${target.attempts} was rejected: ${target.branch} moved on (another deploy landed). Fetching and re-applying this deploy on top.`);
      if (attempt < target.attempts) await sleep(250 * 2 ** (attempt - 1));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`Could not push to ${target.branch} after ${target.attempts} attempts: other deploys kept landing first. Re-run the job.`);
}

/** Reset the scratch clone to the remote tip of `branch`, or to an empty orphan branch on first deploy. */
async function checkoutTip(git: Git, branch: string): Promise<void> {
  const heads = await git.run(['ls-remote', '--heads', 'origin', `refs/heads/${branch}`]);
  if (heads.trim() === '') {
    // First deploy: start an empty history (dropping any commit a failed attempt left behind).
    await git.run(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
    await git.exec(['update-ref', '-d', `refs/heads/${branch}`]);
    await git.run(['read-tree', '--empty']);
    await git.run(['clean', '-ffdxq']);
    return;
  }
  await git.run(['fetch', '--quiet', '--depth=1', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
  await git.run(['checkout', '--quiet', '--force', '-B', branch, `refs/remotes/origin/${branch}`]);
  await git.run(['clean', '-ffdxq']);
}

/** Change the work tree of the Pages branch; committing is the caller's job. */
export function applyChange(dir: string, change: PagesChange): void {
  if (change.kind === 'root') {
    for (const entry of readdirSync(dir)) {
      if (!KEPT_AT_ROOT.has(entry)) rmSync(path.join(dir, entry), { recursive: true, force: true });
    }
    // The previews folder belongs to the pull requests, never to the production site.
    copyTree(change.siteDir, dir, new Set(['pr-preview']));
    // A CNAME input wins; otherwise one shipped in the site, otherwise the branch's own is kept.
    if (change.cname) writeFileSync(path.join(dir, 'CNAME'), `${change.cname}\n`);
  } else if (change.kind === 'preview') {
    const folder = path.join(dir, previewFolder(change.pr));
    rmSync(folder, { recursive: true, force: true });
    copyTree(change.siteDir, folder);
  } else {
    const folder = path.join(dir, previewFolder(change.pr));
    rmSync(folder, { recursive: true, force: true });
    const previews = path.dirname(folder);
    if (existsSync(previews) && readdirSync(previews).length === 0) rmSync(previews, { recursive: true });
    // Removing touches nothing else: on a branch that never existed it must not create one.
    return;
  }
  // Pages must serve the files as they are, without running Jekyll over them.
  writeFileSync(path.join(dir, '.nojekyll'), '');
}

function copyTree(from: string, to: string, skip: Set<string> = new Set()): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry === '.git' || skip.has(entry)) continue;
    cpSync(path.join(from, entry), path.join(to, entry), { recursive: true });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
