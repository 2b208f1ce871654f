import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Eleventy from '@11ty/eleventy';
import { buildReport, type BuildReport } from './report.js';
import { afterDevBuild } from './dev-loop.js';
import { BuildRenderCache, type RenderCacheOptions, type RenderPerformance } from './render-cache-setup.js';
import type { PrerenderPosts } from './prerender.js';
import { indexPosts } from '../site/post-index.js';
import { buildDate } from '../site/build-date.js';
import { SEARCH_INDEX_FOLDER, siteSearchIndex } from '../site/search-index.js';
import { pruneOutput, writtenFiles, type EleventyWriteResults } from './output-prune.js';

/** The engine's own folder (where eleventy.config.ts lives). */
export const ENGINE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONFIG_PATH = path.join(ENGINE_ROOT, 'eleventy.config.ts');

export interface BuildOptions {
  /** Output folder (default `_site`). */
  outputDir?: string;
  quiet?: boolean;
  /** Persistent render cache and worker threads (defaults from the environment). */
  render?: RenderCacheOptions;
}

export interface BuildResult {
  report: BuildReport;
  outputDir: string;
  /** Files earlier builds left in the output folder that this one did not write: removed. */
  removed: string[];
  /** Where equations and code came from: cache, workers, this thread. */
  performance: RenderPerformance;
}

/**
 * One production build of the project in the working directory, in this process,
 * so the Markdown diagnostics collected while rendering are at hand afterwards.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const outputDir = options.outputDir ?? '_site';
  const renderCache = new BuildRenderCache(options.render);
  const eleventy = new Eleventy('.', outputDir, {
    configPath: CONFIG_PATH,
    quietMode: options.quiet ?? true,
    source: 'cli',
    runMode: 'build',
    // Eleventy reads the files, front matter, data and collections while the workers
    // render, and waits for them here, just before it renders the first template.
    config: (config) => config.on('eleventy.contentMap', () => renderCache.ready()),
  });
  // The workers start first: all that follows runs while they render. They render
  // whole documents once they know every post's URL, for links between posts.
  let postsRead!: (posts: PrerenderPosts) => void;
  renderCache.start({ posts: new Promise((resolve) => (postsRead = resolve)) });
  siteSearchIndex.start();
  let removed: string[];
  try {
    // Bad front matter or build date stops the build here, before Eleventy writes a file.
    buildDate();
    postsRead(indexPosts().map(({ file, url }) => ({ file, url })));
    const written = writtenFiles((await eleventy.write()) as unknown as EleventyWriteResults);
    await siteSearchIndex.sendRemaining();
    removed = pruneOutput(outputDir, written, { rewritten: [SEARCH_INDEX_FOLDER], projectRoot: process.cwd() });
  } catch (err) {
    renderCache.abort();
    await siteSearchIndex.abort();
    throw err;
  }
  // Pagefind writes the index in its own process while this one saves the cache.
  const indexing = siteSearchIndex.finish(outputDir);
  renderCache.finish();
  await indexing;
  return { report: buildReport, outputDir, removed, performance: renderCache.performance };
}

/**
 * Build, then rebuild on every change (no server); after each build, index the site for
 * search and check it (the same report as `lemma check`). Resolves once the first build
 * is written: its index and check follow, so a server can start without waiting.
 */
export async function watch(runMode: 'watch' | 'serve' = 'watch'): Promise<Eleventy> {
  const renderCache = new BuildRenderCache();
  await renderCache.warm();
  const eleventy = new Eleventy('.', '_site', {
    configPath: CONFIG_PATH,
    quietMode: true,
    source: 'cli',
    runMode,
    // Keep what each rebuild rendered for the next session too.
    config: (config) => config.on('eleventy.after', () => renderCache.finish()),
  });
  // Saving one post re-renders that post and the pages listing it, not the whole site;
  // its unchanged equations and code come from the render cache.
  eleventy.setIncrementalBuild(true);
  await eleventy.init();
  await eleventy.watch();
  // Never rejects. Rebuilds are indexed and checked from the config's `eleventy.afterwatch`.
  void afterDevBuild();
  return eleventy;
}

/** Build, then serve with live reload; every build is indexed for search and checked. */
export async function serve(port = 8080): Promise<void> {
  const eleventy = await watch('serve');
  await eleventy.serve(port);
}
