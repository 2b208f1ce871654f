import path from 'node:path';
import { renderCache, type CacheStats } from '../markdown/render-cache.js';
import { cacheTurnedOff, loadSettings } from '../settings.js';
import { CacheStore, type LoadResult, type SaveResult } from './cache-store.js';
import { prerender, threadsFromEnv, type PrerenderPosts, type PrerenderResult } from './prerender.js';

/**
 * The render cache around one build: load it from `.cache/`, pre-render what it lacks on
 * worker threads, let Eleventy run, then save what was new. Settings come from the
 * build options first, then the environment (`LEMMA_CACHE`, `LEMMA_CACHE_DIR`,
 * `LEMMA_CACHE_MAX_MB`, `LEMMA_THREADS`), so CI and the Action set them without flags.
 */

export const DEFAULT_CACHE_DIR = '.cache/lemma/render';

export interface RenderCacheOptions {
  /** Use the persistent cache (default: on unless `LEMMA_CACHE=off`). */
  cache?: boolean;
  /** Worker threads for the cold build; 0 renders on the main thread only. */
  threads?: number;
}

export interface RenderPerformance {
  cacheDir?: string;
  loaded?: LoadResult;
  saved?: SaveResult;
  prerender: PrerenderResult;
  /** Main-thread work during the Eleventy build (lookups and renders). */
  render: CacheStats;
}

function warn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

function maxBytesFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.LEMMA_CACHE_MAX_MB;
  if (raw === undefined || raw === '') return undefined;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) throw new Error(`LEMMA_CACHE_MAX_MB must be a positive number of megabytes (got "${raw}").`);
  return mb * 1024 * 1024;
}

/**
 * A build's render cache: call `warm()` before Eleventy (or `start()`, then `ready()`
 * before Eleventy renders) and `finish()` after it.
 */
export class BuildRenderCache {
  private readonly store?: CacheStore;
  private readonly threads: number;
  private readonly forceThreads: boolean;
  private prerendering?: Promise<void>;
  private stopWorkers?: AbortController;
  readonly performance: RenderPerformance;

  constructor(options: RenderCacheOptions = {}, env: NodeJS.ProcessEnv = process.env) {
    const usePersistent = options.cache ?? !cacheTurnedOff(env);
    const fromEnv = threadsFromEnv(env);
    this.threads = options.threads ?? fromEnv.threads;
    this.forceThreads = options.threads !== undefined || fromEnv.explicit;
    const maxBytes = maxBytesFromEnv(env);
    // In memory, entries are UTF-16 strings: twice their size on disk.
    if (maxBytes) renderCache.maxBytes = 2 * maxBytes;
    if (usePersistent) this.store = new CacheStore({ dir: path.resolve(env.LEMMA_CACHE_DIR || DEFAULT_CACHE_DIR), maxBytes });
    this.performance = {
      cacheDir: this.store?.dir,
      prerender: { documents: 0, threads: 0, ms: 0, mathMs: 0, codeMs: 0, failures: [] },
      render: renderCache.stats,
    };
  }

  /** Load the persistent cache, then pre-render the documents it does not cover. */
  async warm(): Promise<void> {
    this.start();
    await this.ready();
  }

  /**
   * Load the persistent cache and start pre-rendering what it lacks, without waiting:
   * the workers render while Eleventy reads the project. `ready()` waits for them.
   * With the build's post URLs (when known), they render whole documents.
   */
  start(options: { posts?: Promise<PrerenderPosts> } = {}): void {
    // Each build starts from what is on disk: nothing from an earlier build in this process.
    renderCache.clear();
    renderCache.resetUsage();
    if (this.store) {
      try {
        this.performance.loaded = this.store.load(renderCache);
      } catch (err) {
        warn(`Could not read the render cache in ${this.store.dir} (${(err as Error).message}); rendering everything.`);
      }
    }
    const { math, citations } = loadSettings();
    this.stopWorkers = new AbortController();
    const prerendering = prerender({
      cache: renderCache,
      macros: math.macros,
      numbering: math.numbering,
      citations,
      threads: this.threads,
      force: this.forceThreads,
      signal: this.stopWorkers.signal,
      posts: options.posts,
    });
    this.prerendering = prerendering.then((result) => {
      this.performance.prerender = result;
      // The build's own usage starts here: what it looks up is what it needed.
      renderCache.resetUsage();
    });
    // Awaited by `ready()`; a build that fails earlier never asks.
    this.prerendering.catch(() => {});
  }

  /** Resolves once the pre-render is done and the cache holds all it made. */
  ready(): Promise<void> {
    return this.prerendering ?? Promise.resolve();
  }

  /** Stop the workers (the build failed before it needed them). */
  abort(): void {
    this.stopWorkers?.abort();
  }

  /** Save what this build rendered (after Eleventy has written the site). */
  finish(): void {
    this.performance.render = { ...renderCache.stats };
    if (!this.store) return;
    try {
      this.performance.saved = this.store.save(renderCache);
    } catch (err) {
      // The site is built; only the next build's head start is lost.
      warn(`Could not save the render cache to ${this.store.dir} (${(err as Error).message}); the next build renders everything again.`);
    }
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** One line for `lemma build`: how much there was to render and where it came from. */
export function formatPerformance(p: RenderPerformance): string {
  const equations = p.render.mathHits + p.render.mathMisses;
  const blocks = p.render.codeHits + p.render.codeMisses;
  const parts = [`${equations} equations and ${blocks} code blocks`];
  if (p.prerender.documents) {
    // Left for the main thread: what the workers could not foresee (ideally nothing).
    const left = p.render.mathMisses + p.render.codeMisses;
    parts.push(`${p.prerender.documents} documents pre-rendered on ${p.prerender.threads} threads in ${seconds(p.prerender.ms)} (${left} left for the main thread)`);
  }
  const documents = p.render.documentHits + p.render.documentMisses;
  if (documents) parts.push(`${p.render.documentHits} of ${documents} documents taken whole from the cache`);
  if (p.prerender.failures.length) parts.push(`${p.prerender.failures.length} could not be pre-rendered and were rendered by the build`);
  if (!p.cacheDir) parts.push('render cache off');
  else parts.push(`render cache: ${p.loaded?.entries ?? 0} entries reused, ${p.saved?.written ?? 0} ${p.saved?.compacted ? 'kept after compaction' : 'new'}`);
  return parts.join('; ');
}
