import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { CacheEntry, RenderCache } from '../markdown/render-cache.js';
import type { SiteSettings } from '../settings.js';
import { startEngineWorker } from './typescript-worker.js';

/**
 * Cold builds on every core: while Eleventy reads the project, worker threads render the
 * equations and code of every Markdown file the cache does not know yet, and hand the
 * results to the build's render cache. Eleventy then renders single-threaded as always,
 * hitting that cache, so the output is the same bytes as without workers.
 */

/** Folders (relative to the project root) whose Markdown Eleventy renders. */
const MARKDOWN_DIRS = ['posts', 'site/pages'];
/** Below this many new documents, starting threads costs more than it saves. */
const MIN_DOCUMENTS = 24;
/** Most documents handed to a worker at a time: small enough to balance the load at the end. */
const MAX_BATCH = 6;
/**
 * Each worker keeps its own memo for equations repeated across its documents. Its heap
 * adds to the build's peak memory: on the benchmark blog (1,000 posts, two workers) a
 * 32 MB memo has them render 20,200 equations, an unbounded one 19,400 for 100 MB more
 * (the memo keeps equations met twice over those met once: 21,500 before it did).
 */
const WORKER_CACHE_BYTES = 32 * 1024 * 1024;
/**
 * Bounded, a worker's heap is collected instead of growing: 60 MB less per build at the
 * same collection time (its heap peaks near 90 MB used). Under 100 MB the collector runs
 * so often that rendering slows by a third; a worker that does run out of heap ends,
 * and the build renders the files it held. A young generation capped at 16 MB takes
 * another 40 MB off the build's peak (1,000-post bench) at no measurable cost.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 };

export interface PrerenderWorkerData {
  macros: Record<string, string>;
  /** Equation numbering, as the build configures the Markdown renderer. */
  numbering?: boolean;
  /** Citation settings, as the build configures the Markdown renderer. */
  citations?: SiteSettings['citations'];
  maxBytes: number;
  /** Every document to pre-render; the workers share them out through `queue`. */
  files: string[];
  batchSize: number;
  /** One Int32: the index in `files` of the next batch no worker has taken yet. */
  queue: SharedArrayBuffer;
  /** Render whole documents: the post URLs follow as the worker's first message. */
  wholeDocuments: boolean;
}

/** Each post's file and URL, for links between posts. */
export type PrerenderPosts = { file: string; url: string }[];

export interface PrerenderBatchResult {
  /** The batch: `count` files from index `first` of the shared list. */
  first: number;
  count: number;
  documents: number;
  failures: { file: string; message: string }[];
  entries: [string, CacheEntry][];
  mathMs: number;
  codeMs: number;
}

export interface PrerenderOptions {
  cache: RenderCache;
  /** Site-wide macros (`site.json`), as the build gives them to the Markdown renderer. */
  macros: Record<string, string>;
  numbering?: boolean;
  citations?: SiteSettings['citations'];
  /** Worker threads; 0 disables pre-rendering. Default: all cores. */
  threads?: number;
  /** Pre-render even a handful of documents (tests, and an explicit `LEMMA_THREADS`). */
  force?: boolean;
  root?: string;
  /** Stops the workers early (a build that failed before it needed them). */
  signal?: AbortSignal;
  /**
   * The build's post URLs, once it has read the posts: the workers then render whole
   * documents, which the build takes from the cache without parsing them again.
   */
  posts?: Promise<PrerenderPosts>;
}

export interface PrerenderResult {
  /** Documents rendered in workers. */
  documents: number;
  threads: number;
  ms: number;
  /** Time the workers spent on equations and on code, summed over threads. */
  mathMs: number;
  codeMs: number;
  failures: { file: string; message: string }[];
}

/** Threads from `LEMMA_THREADS` (0 = off), else every core. */
export function threadsFromEnv(env: NodeJS.ProcessEnv = process.env): { threads: number; explicit: boolean } {
  const raw = env.LEMMA_THREADS;
  if (raw === undefined || raw === '') return { threads: availableParallelism(), explicit: false };
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 0) {
    throw new Error(`LEMMA_THREADS must be a whole number of worker threads, 0 to turn them off (got "${raw}").`);
  }
  return { threads, explicit: true };
}

/** Markdown files (and notebook posts) the build renders, relative to the root, largest first (for load balance). */
export function markdownSources(root = '.'): string[] {
  const files: { file: string; size: number }[] = [];
  for (const dir of MARKDOWN_DIRS) {
    let names: string[];
    try {
      names = readdirSync(path.join(root, dir), { recursive: true }) as string[];
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith('.md') && !(dir === 'posts' && name.endsWith('.ipynb'))) continue;
      const file = path.join(dir, name).split(path.sep).join('/');
      files.push({ file, size: statSync(path.join(root, file)).size });
    }
  }
  return files.sort((a, b) => b.size - a.size || a.file.localeCompare(b.file)).map((f) => f.file);
}

function startWorker(workerData: PrerenderWorkerData): Worker {
  return startEngineWorker(new URL('./prerender-worker.js', import.meta.url), { workerData, resourceLimits: WORKER_HEAP });
}

/**
 * Render the documents the cache does not know yet on worker threads, filling the cache.
 * The workers take batches from a shared queue, so they keep busy while this thread is
 * busy too (Eleventy reading the project); their results wait here until it is free.
 * Aborting `signal` stops the workers; what they had not sent is left to the build.
 */
export async function prerender(options: PrerenderOptions): Promise<PrerenderResult> {
  const started = performance.now();
  const root = options.root ?? '.';
  const result: PrerenderResult = { documents: 0, threads: 0, ms: 0, mathMs: 0, codeMs: 0, failures: [] };
  const threads = options.threads ?? availableParallelism();
  const settings = { macros: options.macros, numbering: options.numbering, citations: options.citations };
  const pending = markdownSources(root).filter((file) => !options.cache.hasDocument(readFileSync(path.join(root, file), 'utf8'), settings));
  if (threads < 1 || pending.length === 0 || (!options.force && pending.length < MIN_DOCUMENTS)) return result;
  if (options.signal?.aborted) return result;

  // About four batches per thread, so no thread idles long while another finishes.
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.ceil(pending.length / (threads * 4))));
  result.threads = Math.min(threads, Math.ceil(pending.length / batchSize));
  const queue = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const files = pending.map((f) => path.join(root, f));
  const workerData: PrerenderWorkerData = { macros: options.macros, numbering: options.numbering, citations: options.citations, maxBytes: WORKER_CACHE_BYTES, files, batchSize, queue, wholeDocuments: options.posts !== undefined };
  const answered = new Uint8Array(files.length);
  let crash: Error | undefined;
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = startWorker(workerData);
      // A build that fails to read its posts aborts: the workers then stop unanswered.
      options.posts?.then((posts) => worker.postMessage(posts), () => {});
      const stop = () => void worker.terminate();
      options.signal?.addEventListener('abort', stop);
      worker.on('message', (done: PrerenderBatchResult) => {
        answered.fill(1, done.first, done.first + done.count);
        options.cache.load(done.entries, { fresh: true });
        result.documents += done.documents;
        result.failures.push(...done.failures);
        result.mathMs += done.mathMs;
        result.codeMs += done.codeMs;
      });
      worker.on('error', (err) => (crash ??= err));
      worker.on('exit', () => {
        options.signal?.removeEventListener('abort', stop);
        resolve();
      });
    });
  await Promise.all(Array.from({ length: result.threads }, runWorker));
  if (crash && !options.signal?.aborted) {
    // A crashed worker loses the batch it held: the build renders those files itself.
    const taken = Math.min(files.length, Atomics.load(new Int32Array(queue), 0));
    for (let i = 0; i < taken; i++) if (!answered[i]) result.failures.push({ file: files[i], message: crash.message });
  }
  result.ms = performance.now() - started;
  return result;
}
