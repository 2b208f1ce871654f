import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus, slugFor, type CorpusStats } from './generate.js';
import type { BuildMeasurement } from './measure-build.js';
import { formatReport, type BenchReport, type Measured } from './report.js';
import { formatEngineTimes, measureEngine } from './engine-startup.js';

/**
 * `npm run bench -- --posts 100|1000|5000`: generate the synthetic blog, then build it
 * with Lemma and with the baseline (bench/baseline) side by side: a cold build (no
 * cache), then a warm build after one post changed (Lemma's cache present). Each build
 * is its own child process, so timings include startup and peak memory is per build.
 * Then the compiled engine next to tsx: start-up and a small blog's build
 * (bench/engine-startup.ts; `--engine-only` runs just that).
 */

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH, '..');
const TSX = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;

export interface BenchOptions {
  posts: number;
  seed?: number;
  /** Keep the generated projects in this folder instead of a temp folder that is removed. */
  dir?: string;
  /** V8 heap limit for every build, in MB (Node's default stops near 4 GB: not enough for 5,000 posts). */
  heapMb?: number;
  log?: (line: string) => void;
  /** Runs of each start-up and build of the compiled-versus-tsx comparison (0 builds: skip it). */
  engineRuns?: { startup: number; build: number };
}

/** GNU time reports CPU and peak memory of the build and of what it spawns (pagefind). */
const GNU_TIME = '/usr/bin/time';

function measure(engine: 'lemma' | 'baseline', project: string, heapMb?: number): Promise<Measured> {
  const out = path.join(project, `.measure-${engine}.json`);
  const timeOut = path.join(project, `.time-${engine}.txt`);
  const command = [process.execPath, '--import', TSX, path.join(BENCH, 'measure-build.ts'), engine, project, out];
  const useTime = existsSync(GNU_TIME);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const [file, ...args] = useTime ? [GNU_TIME, '-f', '%U %S %M', '-o', timeOut, ...command] : command;
    const child = spawn(file, args, {
      env: { ...process.env, NODE_OPTIONS: heapMb ? `--max-old-space-size=${heapMb}` : '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${engine} build failed (exit ${code}):\n${stderr.slice(-4000)}`));
      const measured = JSON.parse(readFileSync(out, 'utf8')) as BuildMeasurement;
      if (useTime) {
        // Children included: user and system CPU seconds, peak RSS in KB of the largest process.
        const [user, sys, rssKb] = readFileSync(timeOut, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        measured.cpuMs = (user + sys) * 1000;
        measured.maxRssBytes = Math.max(measured.maxRssBytes, rssKb * 1024);
      }
      resolve({ ...measured, wallMs });
    });
  });
}

/** The two projects: the same posts, each with its engine's templates. */
function prepareProjects(root: string, options: BenchOptions): { lemma: string; baseline: string; corpus: CorpusStats } {
  const lemma = path.join(root, 'lemma');
  const baseline = path.join(root, 'baseline');
  rmSync(root, { recursive: true, force: true });
  const corpus = generateCorpus(lemma, { posts: options.posts, seed: options.seed });
  cpSync(path.join(REPO, 'site'), path.join(lemma, 'site'), { recursive: true });
  mkdirSync(baseline, { recursive: true });
  cpSync(path.join(lemma, 'posts'), path.join(baseline, 'posts'), { recursive: true });
  cpSync(path.join(BENCH, 'baseline/_includes'), path.join(baseline, '_includes'), { recursive: true });
  cpSync(path.join(BENCH, 'baseline/index.njk'), path.join(baseline, 'index.njk'));
  return { lemma, baseline, corpus };
}

/** What an author does between two builds: edit one post (new prose, equation and code). */
export function changeOnePost(project: string, index: number): void {
  appendFileSync(
    path.join(project, 'posts', `${slugFor(index)}.md`),
    '\n## An update\n\nEdited: now with $\\lambda_{\\text{new}} = 0.5$ and\n\n$$\n\\hat{\\theta} = \\arg\\min_\\theta \\sum_i (y_i - \\theta^\\top x_i)^2\n$$\n\n```python\nprint("updated")\n```\n',
  );
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {});
  const root = options.dir ? path.resolve(options.dir) : mkdtempSync(path.join(tmpdir(), 'lemma-bench-'));
  try {
    const loadBefore = loadavg()[0];
    log(`Generating ${options.posts} posts in ${root} …`);
    const { lemma, baseline, corpus } = prepareProjects(root, options);
    log('Cold build: baseline …');
    const baselineCold = await measure('baseline', baseline, options.heapMb);
    log('Cold build: Lemma …');
    rmSync(path.join(lemma, '.cache'), { recursive: true, force: true });
    const lemmaCold = await measure('lemma', lemma, options.heapMb);
    const changed = Math.floor(options.posts / 2);
    changeOnePost(baseline, changed);
    changeOnePost(lemma, changed);
    log('Warm build (one post changed): baseline …');
    const baselineWarm = await measure('baseline', baseline, options.heapMb);
    log('Warm build (one post changed): Lemma …');
    const lemmaWarm = await measure('lemma', lemma, options.heapMb);
    const runs = options.engineRuns ?? { startup: 9, build: 3 };
    const engine = runs.build > 0 ? await measureEngine({ posts: Math.min(options.posts, 30), startupRuns: runs.startup, buildRuns: runs.build, log }) : undefined;
    return { corpus, cores: availableParallelism(), node: process.version, load: [loadBefore, loadavg()[0]], baseline: { cold: baselineCold, warm: baselineWarm }, lemma: { cold: lemmaCold, warm: lemmaWarm }, engine };
  } finally {
    if (!options.dir) rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      dir: { type: 'string' },
      'heap-mb': { type: 'string' },
      json: { type: 'boolean' },
      'engine-only': { type: 'boolean' },
    },
  });
  if (values['engine-only']) {
    const times = await measureEngine({ log: (line) => console.error(line) });
    console.log(values.json ? JSON.stringify(times, null, 2) : formatEngineTimes(times));
    return;
  }
  const posts = Number(values.posts);
  const seed = Number(values.seed);
  if (!Number.isInteger(posts) || posts < 1) throw new Error(`--posts must be a positive whole number (got "${values.posts}").`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number (got "${values.seed}").`);
  const heapMb = values['heap-mb'] === undefined ? undefined : Number(values['heap-mb']);
  if (heapMb !== undefined && !(Number.isInteger(heapMb) && heapMb > 0)) throw new Error(`--heap-mb must be a positive whole number (got "${values['heap-mb']}").`);
  const report = await runBench({ posts, seed, dir: values.dir, heapMb, log: (line) => console.error(line) });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
