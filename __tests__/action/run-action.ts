import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync as makeTempDir, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/project.js';

export const DIST = path.join(REPO, 'dist/index.js');

const created: string[] = [];
/** A temporary folder that `removeTempDirs()` deletes. */
export function mkdtempSync(prefix: string): string {
  const dir = makeTempDir(prefix);
  created.push(dir);
  return dir;
}

/** Delete every folder the helpers made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
export const FIXTURES = path.join(REPO, '__tests__/fixtures/action');

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface ActionOptions {
  /** The checked-out repository the action runs in. */
  workspace: string;
  eventName: string;
  /** File name under __tests__/fixtures/action/events/. */
  event: string;
  apiUrl: string;
  inputs?: Record<string, string>;
  ref?: string;
  sha?: string;
  env?: NodeJS.ProcessEnv;
}

/** Run the bundled action (dist/index.js) as the runner does: env for inputs, context and command files. */
export function runAction(options: ActionOptions): Promise<ActionRun> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'lemma-runner-'));
  const outputFile = path.join(scratch, 'output');
  const summaryFile = path.join(scratch, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputs = { token: 'test-token', ...options.inputs };
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: '',
    NO_PROXY: '127.0.0.1,localhost',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: path.join(FIXTURES, 'events', options.event),
    GITHUB_REPOSITORY: 'octo/blog',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SHA: options.sha ?? '1111111111111111111111111111111111111111',
    GITHUB_REF: options.ref ?? 'refs/heads/main',
    GITHUB_RUN_ID: '42',
    RUNNER_TEMP: scratch,
    ...inputEnv,
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST], { cwd: options.workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') }),
    );
  });
}

/** `name<<DELIMITER\nvalue\nDELIMITER` blocks, as @actions/core writes GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const block = /^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(block)) outputs[match[1]] = match[3];
  return outputs;
}

/**
 * A checked-out blog repository holding only posts/ and site/site.json (plus `extraPosts`),
 * at its root or in `folder`.
 */
export function makeWorkspace(extraPosts: Record<string, string> = {}, folder = ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lemma-workspace-'));
  const blog = path.join(dir, folder);
  cpSync(path.join(FIXTURES, 'blog'), blog, { recursive: true });
  for (const [name, text] of Object.entries(extraPosts)) writeFileSync(path.join(blog, 'posts', name), text);
  return dir;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8' });
}

/** An empty bare repository standing in for github.com/octo/blog. */
export function makeBareRemote(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lemma-remote-'));
  git(dir, 'init', '--quiet', '--bare');
  return dir;
}

/** Commit `files` to `branch` of `remote` from a fresh clone (an earlier deploy, or a rival one). */
export function pushFiles(remote: string, branch: string, files: Record<string, string>, message: string): void {
  const clone = mkdtempSync(path.join(tmpdir(), 'lemma-clone-'));
  git(clone, 'init', '--quiet');
  git(clone, 'remote', 'add', 'origin', remote);
  const exists = git(clone, 'ls-remote', '--heads', 'origin', branch).trim() !== '';
  if (exists) {
    git(clone, 'fetch', '--quiet', 'origin', branch);
    git(clone, 'checkout', '--quiet', '-B', branch, 'FETCH_HEAD');
  } else {
    git(clone, 'checkout', '--quiet', '--orphan', branch);
  }
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(clone, file);
    execFileSync('mkdir', ['-p', path.dirname(target)]);
    writeFileSync(target, text);
  }
  git(clone, 'add', '--all');
  git(clone, 'commit', '--quiet', '-m', message);
  git(clone, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
}

/** Every file on `branch` of a bare repository. */
export function branchFiles(remote: string, branch = 'gh-pages'): string[] {
  return git(remote, 'ls-tree', '-r', '--name-only', branch).trim().split('\n').filter(Boolean);
}

export function branchFile(remote: string, file: string, branch = 'gh-pages'): string {
  return git(remote, 'show', `${branch}:${file}`);
}

export function branchTip(remote: string, branch = 'gh-pages'): string {
  return git(remote, 'rev-parse', branch).trim();
}
