import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureCompiled } from '../scripts/build-engine.mjs';
import { generateCorpus } from './generate.js';

/**
 * The compiled engine next to the same engine run from its TypeScript sources through
 * tsx: start-up (`lemma --help`, beside `node -e 0`) and a whole `lemma build` of a small
 * blog, each a fresh process timed from spawn to exit, the variants interleaved so that
 * load on the machine falls on both alike. Medians.
 */

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSX = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
const COMPILED_CLI = path.join(REPO, 'build/src/cli.js');
const SOURCE_CLI = path.join(REPO, 'src/cli.ts');

export interface EngineTimes {
  /** Runs of each start-up command, and of each build. */
  runs: { startup: number; build: number };
  /** Posts in the blog the builds build (worker threads start at 24). */
  posts: number;
  nodeMs: number;
  help: { compiledMs: number; tsxMs: number };
  build: { compiledMs: number; tsxMs: number };
}

function timed(args: string[], cwd: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`node ${args.join(' ')} failed (exit ${code}):\n${stderr.slice(-2000)}`))));
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function measureEngine(options: { posts?: number; startupRuns?: number; buildRuns?: number; log?: (line: string) => void } = {}): Promise<EngineTimes> {
  const posts = options.posts ?? 30;
  const runs = { startup: options.startupRuns ?? 9, build: options.buildRuns ?? 3 };
  const log = options.log ?? (() => {});
  ensureCompiled();
  const blog = mkdtempSync(path.join(tmpdir(), 'lemma-bench-engine-'));
  try {
    generateCorpus(blog, { posts });
    cpSync(path.join(REPO, 'site'), path.join(blog, 'site'), { recursive: true });
    log(`Start-up: node -e 0, lemma --help compiled and through tsx (${runs.startup} runs each) …`);
    const times = { node: [] as number[], compiled: [] as number[], tsx: [] as number[] };
    for (let i = 0; i < runs.startup; i++) {
      times.node.push(await timed(['-e', '0'], blog));
      times.compiled.push(await timed([COMPILED_CLI, '--help'], blog));
      times.tsx.push(await timed(['--import', TSX, SOURCE_CLI, '--help'], blog));
    }
    log(`lemma build --no-cache of ${posts} posts, compiled and through tsx (${runs.build} runs each) …`);
    const builds = { compiled: [] as number[], tsx: [] as number[] };
    for (let i = 0; i < runs.build; i++) {
      builds.compiled.push(await timed([COMPILED_CLI, 'build', '--no-cache'], blog));
      builds.tsx.push(await timed(['--import', TSX, SOURCE_CLI, 'build', '--no-cache'], blog));
    }
    return {
      runs,
      posts,
      nodeMs: median(times.node),
      help: { compiledMs: median(times.compiled), tsxMs: median(times.tsx) },
      build: { compiledMs: median(builds.compiled), tsxMs: median(builds.tsx) },
    };
  } finally {
    rmSync(blog, { recursive: true, force: true });
  }
}

/** The side-by-side table. */
export function formatEngineTimes(t: EngineTimes): string {
  const ms = (v: number) => `${Math.round(v)} ms`;
  const rows: [string, string, string, string][] = [
    ['', 'compiled', 'tsx', 'compiled / tsx'],
    ['lemma --help', ms(t.help.compiledMs), ms(t.help.tsxMs), `${(t.help.compiledMs / t.help.tsxMs).toFixed(2)}×`],
    [`lemma build (${t.posts} posts, no cache)`, ms(t.build.compiledMs), ms(t.build.tsxMs), `${(t.build.compiledMs / t.build.tsxMs).toFixed(2)}×`],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  const over = t.help.compiledMs - t.nodeMs;
  return [
    ...rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ').trimEnd()),
    `node -e 0: ${ms(t.nodeMs)}; compiled lemma --help is ${ms(over)} more (target ≤ 150 ms: ${over <= 150 ? 'met' : 'NOT met'}).`,
    `Medians of ${t.runs.startup} start-ups and ${t.runs.build} builds, each a new process, timed from spawn to exit.`,
  ].join('\n');
}
