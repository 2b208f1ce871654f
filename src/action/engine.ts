import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CommandFreeLog } from './command-free-log.js';
import { engineEnv } from './engine-env.js';

/** The folder holding the Lemma engine this action runs (the action's own checkout). */
export function findEngineRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'eleventy.config.ts')) && existsSync(path.join(dir, 'src/cli.ts'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the Lemma engine above ${from}: the action's folder is incomplete.`);
  }
}

export interface ProcessResult {
  code: number;
  /** The signal that ended it, if one did (out of memory, a cancelled job). */
  signal?: string;
  stdout: string;
  stderr: string;
}

/**
 * Run a program with no credential in its environment (see engine-env.ts), optionally echoing
 * its output to the job log as it comes, where none of it can act as a workflow command.
 */
export function runProcess(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; untrusted?: boolean; echo?: boolean; shell?: boolean }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const env = engineEnv(options.env, { untrusted: options.untrusted });
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: options.shell });
    const log = new CommandFreeLog();
    if (options.echo) log.open();
    let stdout = '';
    let stderr = '';
    // Decode as text across chunk boundaries (a character split between two chunks stays whole).
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      stdout += d;
      if (options.echo) log.print(d);
    });
    child.stderr.on('data', (d: string) => {
      stderr += d;
      if (options.echo) log.print(d);
    });
    child.on('error', (err) => {
      log.close();
      reject(err);
    });
    child.on('close', (code, signal) => {
      log.close();
      resolve({ code: code ?? 1, signal: signal ?? undefined, stdout, stderr });
    });
  });
}

/**
 * Install the engine's runtime dependencies in its own folder when the action was fetched
 * without them (`uses: owner/lemma@v1` downloads the repository, not node_modules).
 */
export async function ensureEngineInstalled(engineRoot: string, log: (line: string) => void): Promise<void> {
  if (existsSync(path.join(engineRoot, 'node_modules/@11ty/eleventy/package.json'))) return;
  log(`Installing the Lemma engine's dependencies in ${engineRoot} (npm ci --omit=dev).`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = await runProcess(npm, ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: engineRoot, echo: true, shell: process.platform === 'win32' });
  if (result.code !== 0) throw new Error(`npm ci in ${engineRoot} failed (exit ${result.code}); see the log above.`);
}

/**
 * The folder the engine builds in. A repository made from the Lemma template is built where it
 * is. A repository holding only `posts/` and its settings is built in a scratch folder that
 * layers the author's `site/` files over the engine's templates, with the author's posts, and
 * whose `.cache/` is `cacheDir` (default: the author's own), so actions/cache can keep it between runs.
 */
export function prepareProject(options: { workingDirectory: string; engineRoot: string; tempDir: string; cacheDir?: string }): { dir: string; assembled: boolean } {
  const { workingDirectory, engineRoot } = options;
  if (realpathSync(workingDirectory) === realpathSync(engineRoot)) return { dir: workingDirectory, assembled: false };
  const dir = mkdtempSync(path.join(options.tempDir, 'lemma-project-'));
  cpSync(path.join(engineRoot, 'site'), path.join(dir, 'site'), { recursive: true });
  if (existsSync(path.join(workingDirectory, 'site'))) cpSync(path.join(workingDirectory, 'site'), path.join(dir, 'site'), { recursive: true, force: true });
  cpSync(path.join(workingDirectory, 'posts'), path.join(dir, 'posts'), { recursive: true });
  const cache = options.cacheDir ?? path.join(workingDirectory, '.cache');
  mkdirSync(cache, { recursive: true });
  symlinkSync(cache, path.join(dir, '.cache'), process.platform === 'win32' ? 'junction' : 'dir');
  return { dir, assembled: true };
}

/** Run `lemma <args>` from `engineRoot` as a child process working in `projectDir`. */
export function runLemma(engineRoot: string, projectDir: string, args: string[], options: { env: NodeJS.ProcessEnv; echo: boolean; untrusted?: boolean }): Promise<ProcessResult> {
  // Resolve tsx from the engine, not from the project folder, which has no node_modules.
  const tsx = pathToFileURL(createRequire(path.join(engineRoot, 'package.json')).resolve('tsx')).href;
  return runProcess(process.execPath, ['--import', tsx, path.join(engineRoot, 'src/cli.ts'), ...args], {
    cwd: projectDir,
    env: options.env,
    untrusted: options.untrusted,
    echo: options.echo,
  });
}
