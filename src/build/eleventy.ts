import Eleventy from '@11ty/eleventy';
import { buildReport, type BuildReport } from './report.js';
import { afterDevBuild } from './dev-loop.js';
import { devOutputs } from './dev-outputs.js';
import { BuildRenderCache, type RenderCacheOptions, type RenderPerformance } from './render-cache-setup.js';
import type { PrerenderPosts } from './prerender.js';
import { FrontMatterError, indexPosts } from '../site/post-index.js';
import { saveFailedBuildReport } from './report-file.js';
import { loadSettings } from '../settings.js';
import { buildDate } from '../site/build-date.js';
import { SEARCH_INDEX_FOLDER, siteSearchIndex } from '../site/search-index.js';
import { assertOutputFolder } from './output-folder.js';
import { bindDevServer, DEFAULT_HOST } from './dev-server-guard.js';
import { assertJavaScriptAllowed, javaScriptPolicy } from '../site/javascript-policy.js';
import { assertNoEscapingLinks } from '../site/symlinks.js';
import { pruneOutput, writtenFiles, type EleventyWriteResults } from './output-prune.js';
import { notebookImages } from '../notebook/images.js';
import { siteImages } from '../site/image-step.js';

import { ELEVENTY_CONFIG } from '../engine-files.js';

/** The engine's Eleventy config: compiled, or TypeScript through tsx, like this module. */
export const CONFIG_PATH = ELEVENTY_CONFIG;

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
  /** Files the last build wrote into the output folder that this one did not: removed. */
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
  assertOutputFolder(outputDir);
  // Before Eleventy starts: it would import JavaScript data files while reading the project.
  assertJavaScriptAllowed(process.cwd(), javaScriptPolicy(loadSettings().allowJavaScriptInPosts));
  assertNoEscapingLinks();
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
    const written = [...writtenFiles((await eleventy.write()) as unknown as EleventyWriteResults), ...notebookImages.written(), ...siteImages.written];
    await siteSearchIndex.sendRemaining();
    removed = pruneOutput(outputDir, written, { rewritten: [SEARCH_INDEX_FOLDER], projectRoot: process.cwd() });
  } catch (err) {
    renderCache.abort();
    await siteSearchIndex.abort();
    // `lemma check` then reports these, not the earlier build still in the output folder.
    if (err instanceof FrontMatterError) saveFailedBuildReport(err.problems, { outputDir, pathPrefix: loadSettings().pathPrefix });
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
  // Posts added or deleted that no whole build has seen yet (see below).
  let uncoveredChanges = 0;
  let wholeBuildCovers = 0;
  const eleventy = new Eleventy('.', '_site', {
    configPath: CONFIG_PATH,
    quietMode: true,
    source: 'cli',
    runMode,
    config: (config) => {
      // Keep what each rebuild rendered for the next session too.
      config.on('eleventy.after', () => renderCache.finish());
      // A whole build covers the additions and deletions seen before it started.
      config.on('eleventy.before', ({ incremental }: { incremental: boolean }) => void (wholeBuildCovers = incremental ? 0 : uncoveredChanges));
      config.on('eleventy.after', () => {
        uncoveredChanges -= wholeBuildCovers;
        wholeBuildCovers = 0;
        if (uncoveredChanges === 0) eleventy.setIncrementalBuild(true);
      });
    },
  });
  // Saving one post re-renders that post and the pages listing it, not the whole site;
  // its unchanged equations and code come from the render cache.
  eleventy.setIncrementalBuild(true);
  await eleventy.init();
  // Eleventy resolves to the function its file watcher calls on a change.
  const rebuild = (await eleventy.watch()) as unknown as (file: string) => Promise<void>;
  // A post added, deleted or renamed changes other posts too (their previous/next
  // links), which an incremental build would leave as they were: builds are whole until
  // one has started after the last such change (counted in the config above).
  // Eleventy does not rebuild on a deletion at all: this does, and the post's pages go.
  const { watcher } = eleventy as unknown as { watcher: { on(event: 'add' | 'unlink', listener: (file: string) => void): void } };
  const wholeBuildsUntilSeen = () => {
    uncoveredChanges++;
    eleventy.setIncrementalBuild(false);
  };
  watcher.on('add', wholeBuildsUntilSeen);
  watcher.on('unlink', (file) => {
    devOutputs.changed([file]);
    wholeBuildsUntilSeen();
    void rebuild(file);
  });
  // Never rejects. Rebuilds are indexed and checked from the config's `eleventy.afterwatch`.
  void afterDevBuild();
  return eleventy;
}

/** Build, then serve with live reload; every build is indexed for search and checked. */
export async function serve(port = 8080, host = DEFAULT_HOST): Promise<void> {
  bindDevServer(host);
  const eleventy = await watch('serve');
  await eleventy.serve(port);
}
