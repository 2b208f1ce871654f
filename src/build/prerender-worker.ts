import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { createMarkdown } from '../markdown/index.js';
import { renderCache } from '../markdown/render-cache.js';
import type { PrerenderBatchResult, PrerenderWorkerData } from './prerender.js';

/**
 * A pre-render worker: renders whole Markdown documents with the same pipeline as the
 * build, so every equation sees the macros in scope exactly as it will in Eleventy,
 * and sends back the cache entries it made. The HTML itself is thrown away.
 */

// Front matter is read the way Eleventy reads it (gray-matter with js-yaml), so
// per-post macros and settings match what the build passes to the Markdown renderer.
const eleventyRequire = createRequire(createRequire(import.meta.url).resolve('@11ty/eleventy'));
const matter = eleventyRequire('gray-matter') as (text: string, options: object) => { data: Record<string, unknown>; content: string };
const yaml = eleventyRequire('js-yaml') as { load(text: string): unknown };

const { macros, numbering, maxBytes } = workerData as PrerenderWorkerData;
renderCache.maxBytes = maxBytes;
// The same options eleventy.config.ts gives the renderer, so equations get the same TeX.
const lemma = createMarkdown({ macros, numbering });

function renderFile(file: string): void {
  const text = readFileSync(file, 'utf8');
  const { data, content } = matter(text, { engines: { yaml: (s: string) => yaml.load(s) } });
  const lineOffset = text.slice(0, text.length - content.length).split('\n').length - 1;
  lemma.render(content, { ...data, page: { inputPath: `./${file}` }, lineOffset });
  renderCache.markDocument(text, { macros, numbering });
}

parentPort!.on('message', (files: string[]) => {
  const result: PrerenderBatchResult = { documents: 0, failures: [], entries: [], mathMs: 0, codeMs: 0 };
  renderCache.resetUsage();
  for (const file of files) {
    try {
      renderFile(file);
      result.documents++;
    } catch (err) {
      // The build renders this file again and reports any problem with its line.
      result.failures.push({ file, message: err instanceof Error ? err.message : String(err) });
    }
  }
  result.entries = renderCache.takeFresh();
  result.mathMs = renderCache.stats.mathMs;
  result.codeMs = renderCache.stats.codeMs;
  parentPort!.postMessage(result);
});
