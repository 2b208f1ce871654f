import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Git, GitError } from './git.js';
import { recordedSource, withSourceTrailer, type Ancestry } from './provenance.js';
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
  /** First line of the Pages commit; a trailer naming the root site's source commit is added. */
  message: string;
  attempts: number;
  /**
   * For a deploy of the root: the commit it was built from, and how to tell whether the commit
   * the branch's site records is newer (a descendant), in which case this deploy stands down.
   */
  source?: { sha: string; compare: (recorded: string) => Promise<Ancestry> };
  log?: (line: string) => void;
}

export interface DeployResult {
  /** The commit now at the tip of the Pages branch, or undefined when nothing changed. */
  commit?: string;
  attempts: number;
  /** The newer source commit the branch's site was built from, when this deploy stood down. */
  superseded?: string;
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
  try {
    await git.run(['init', '--quiet']);
    await git.run(['remote', 'add', 'origin', target.remoteUrl]);
    for (let attempt = 1; attempt <= target.attempts; attempt++) {
      const tip = await checkoutTip(git, target.branch);
      const recorded = tip === undefined ? undefined : recordedSource(tip);
      // Checked again after every rejected push: the deploy that landed first may be newer.
      if (change.kind === 'root' && target.source && recorded && recorded !== target.source.sha.toLowerCase()) {
        if ((await target.source.compare(recorded)) === 'newer') return { attempts: attempt, superseded: recorded };
      }
      applyChange(dir, change);
      await git.run(['add', '--all']);
      if ((await git.exec(['diff', '--cached', '--quiet'])).code === 0) {
        log(`The ${target.branch} branch already holds this content; nothing to push.`);
        return { attempts: attempt };
      }
      // A preview leaves the root alone, so it carries over which commit the root was built from.
      const source = change.kind === 'root' ? target.source?.sha : recorded;
      await git.run(['commit', '--quiet', '--no-verify', '-m', withSourceTrailer(target.message, source)]);
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
  } catch (err) {
    throw withPermissionHint(err, target.branch);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`Could not push to ${target.branch} after ${target.attempts} attempts: other deploys kept landing first. Re-run the job.`);
}

/** One file at the tip of the Pages branch (e.g. `CNAME`), or undefined if the branch or the file is missing. */
export async function readPagesFile(file: string, target: Pick<PagesTarget, 'remoteUrl' | 'branch' | 'gitConfig' | 'tempDir'>): Promise<string | undefined> {
  const dir = mkdtempSync(path.join(target.tempDir, 'lemma-pages-read-'));
  const git = new Git(dir, target.gitConfig);
  try {
    await git.run(['init', '--quiet']);
    await git.run(['remote', 'add', 'origin', target.remoteUrl]);
    if ((await checkoutTip(git, target.branch, { worktree: false })) === undefined) return undefined;
    const shown = await git.exec(['show', `refs/remotes/origin/${target.branch}:${file}`]);
    return shown.code === 0 ? shown.stdout : undefined;
  } catch (err) {
    throw withPermissionHint(err, target.branch);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reset the scratch clone to the remote tip of `branch` and return the tip's commit message,
 * or start an empty orphan branch (first deploy) and return undefined.
 */
async function checkoutTip(git: Git, branch: string, options = { worktree: true }): Promise<string | undefined> {
  const heads = await git.run(['ls-remote', '--heads', 'origin', `refs/heads/${branch}`]);
  if (heads.trim() === '') {
    if (!options.worktree) return undefined;
    // First deploy: start an empty history (dropping any commit a failed attempt left behind).
    await git.run(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
    await git.exec(['update-ref', '-d', `refs/heads/${branch}`]);
    await git.run(['read-tree', '--empty']);
    await git.run(['clean', '-ffdxq']);
    return undefined;
  }
  await git.run(['fetch', '--quiet', '--depth=1', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
  const message = await git.run(['log', '-1', '--format=%B', `refs/remotes/origin/${branch}`]);
  if (!options.worktree) return message;
  await git.run(['checkout', '--quiet', '--force', '-B', branch, `refs/remotes/origin/${branch}`]);
  await git.run(['clean', '-ffdxq']);
  return message;
}

/** git's own words for a refused credential, then what to change in the workflow. */
function withPermissionHint(err: unknown, branch: string): unknown {
  const text = err instanceof GitError ? `${err.result.stderr}\n${err.result.stdout}` : err instanceof Error ? err.message : '';
  if (!/\b403\b|permission to .* denied|write access to repository not granted|authentication failed|could not read username/i.test(text)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new Error(
    `${message}\nThe token may not push to ${branch}: grant "contents: write" in the job's permissions (Settings → Actions → General → Workflow permissions may also cap it), keep the "token" input at its default, and make sure ${branch} is not a protected branch the token cannot push to.`,
  );
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
