import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as actionsCache from '@actions/cache';
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

/** What the engine needs to run: its runtime dependencies and its compiled code. */
function engineReady(engineRoot: string): boolean {
  return existsSync(path.join(engineRoot, 'node_modules/@11ty/eleventy/package.json')) && existsSync(path.join(engineRoot, 'build/src/cli.js'));
}

/** The folders an install writes, which the Actions cache keeps. */
export function engineCachePaths(engineRoot: string): string[] {
  return [path.join(engineRoot, 'node_modules'), path.join(engineRoot, 'build')];
}

/** Every file the compiled engine is made from, sorted, relative to the engine's root. */
function compiledSources(engineRoot: string): string[] {
  const files = ['eleventy.config.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
  for (const name of readdirSync(path.join(engineRoot, 'src'), { recursive: true }) as string[]) {
    if (name.endsWith('.ts')) files.push(path.join('src', name).split(path.sep).join('/'));
  }
  return files.filter((file) => existsSync(path.join(engineRoot, file))).sort();
}

/**
 * The engine cache's key: the OS, the Node version and the lockfile (what `npm ci`
 * installs), and the sources (what the compile writes into build/).
 */
export function engineCacheKey(engineRoot: string, node = process.versions.node, platform = `${process.platform}-${process.arch}`): string {
  const hash = createHash('sha256');
  for (const file of compiledSources(engineRoot)) hash.update(file).update('\0').update(readFileSync(path.join(engineRoot, file))).update('\0');
  return `lemma-engine-${platform}-node${node}-${hash.digest('hex').slice(0, 32)}`;
}

/** The parts of @actions/cache used here (replaced in tests that count installs). */
export interface EngineCache {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], key: string): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

export type EngineSource = 'present' | 'restored' | 'installed';

/**
 * `npm ci --omit=dev` in the engine's folder, then compile it. TypeScript is a development
 * dependency, so the compile runs the version package.json pins through `npm exec`
 * (only emitting; the engine's types are checked by its own CI).
 */
export async function installEngine(engineRoot: string): Promise<void> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const shell = process.platform === 'win32';
  const ci = await runProcess(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: engineRoot, echo: true, shell });
  if (ci.code !== 0) throw new Error(`npm ci in ${engineRoot} failed (exit ${ci.code}); see the log above.`);
  const manifest = JSON.parse(readFileSync(path.join(engineRoot, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const typescript = `typescript@${manifest.devDependencies?.typescript ?? 'latest'}`;
  const tsc = await runProcess(npm, ['exec', '--yes', `--package=${typescript}`, '--', 'tsc', '-p', 'tsconfig.build.json', '--noCheck'], { cwd: engineRoot, echo: true, shell });
  if (tsc.code !== 0 || !existsSync(path.join(engineRoot, 'build/src/cli.js'))) throw new Error(`Compiling the engine in ${engineRoot} failed (tsc exit ${tsc.code}); see the log above.`);
  writeFileSync(path.join(engineRoot, 'build/.compiled'), '');
}

/**
 * Make the engine runnable when the action was fetched without its dependencies
 * (`uses: owner/lemma@v1` downloads the repository, not node_modules): restore them and
 * the compiled engine from the Actions cache, else install and compile, then save them
 * for the next run. Without a cache service (GHES without one, local runs) it installs.
 */
export async function ensureEngineInstalled(
  engineRoot: string,
  log: (line: string) => void,
  options: { cache?: EngineCache; install?: (engineRoot: string) => Promise<void> } = {},
): Promise<EngineSource> {
  if (engineReady(engineRoot)) return 'present';
  const cache = options.cache ?? actionsCache;
  const install = options.install ?? installEngine;
  const paths = engineCachePaths(engineRoot);
  const key = engineCacheKey(engineRoot);
  const cached = cache.isFeatureAvailable();
  if (cached) {
    try {
      if ((await cache.restoreCache(paths, key)) === key && engineReady(engineRoot)) {
        log(`Restored the Lemma engine's dependencies and compiled code from the Actions cache (${key}).`);
        return 'restored';
      }
    } catch (err) {
      log(`Could not restore the engine from the Actions cache (${(err as Error).message}); installing it.`);
    }
  }
  log(`Installing the Lemma engine's dependencies in ${engineRoot} (npm ci --omit=dev), then compiling it.`);
  await install(engineRoot);
  if (cached) {
    // The toolkit warns itself, and returns -1, when it could not save (another job saved
    // the same key first, a full cache): the next run installs again.
    const id = await cache.saveCache(paths, key).catch((err: Error) => (log(`Could not save the engine to the Actions cache (${err.message}).`), -1));
    if (id !== -1) log(`Saved the engine to the Actions cache as ${key}: later runs restore it instead of installing.`);
  }
  return 'installed';
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

/**
 * Run `lemma <args>` from `engineRoot` as a child process working in `projectDir`: the
 * compiled engine, through its command (which first recompiles an engine checkout whose
 * sources changed, where TypeScript is installed).
 */
export function runLemma(engineRoot: string, projectDir: string, args: string[], options: { env: NodeJS.ProcessEnv; echo: boolean; untrusted?: boolean }): Promise<ProcessResult> {
  return runProcess(process.execPath, [path.join(engineRoot, 'bin/lemma.js'), ...args], {
    cwd: projectDir,
    env: options.env,
    untrusted: options.untrusted,
    echo: options.echo,
  });
}
