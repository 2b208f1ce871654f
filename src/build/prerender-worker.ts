import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type MarkdownIt from 'markdown-it';
import { createMarkdown, MathTable } from '../markdown/index.js';
import { renderCache, type CacheEntry } from '../markdown/render-cache.js';
import { PostUrls } from '../site/post-index.js';
import { relativeLinksContext, relativeLinksPlugin } from '../site/relative-links.js';
import { prepareReadingMinutes } from '../filters/reading-time.js';
import type { PrerenderBatchResult, PrerenderWorkerData, PrerenderPosts } from './prerender.js';
import { notebookEmbedContext, notebookEmbedPlugin } from '../notebook/embed.js';
import { parseText } from '../notebook/load.js';
import { notebookFrontMatterData, notebookPost } from '../notebook/post.js';

/**
 * A pre-render worker: runs whole Markdown documents through the same pipeline as the
 * build, so every equation sees the macros in scope exactly as it will in Eleventy,
 * and sends back the cache entries it made. Given the build's post URLs, it renders
 * each document whole, as the build would, and the build takes it from the cache
 * without parsing it (see document-cache.ts); else it only parses (equations and code).
 */

// Front matter is read the way Eleventy reads it (gray-matter with js-yaml), so
// per-post macros and settings match what the build passes to the Markdown renderer.
const eleventyRequire = createRequire(createRequire(import.meta.url).resolve('@11ty/eleventy'));
const matter = eleventyRequire('gray-matter') as (text: string, options: object) => { data: Record<string, unknown>; content: string };
const yaml = eleventyRequire('js-yaml') as { load(text: string): unknown };

const { macros, numbering, citations, maxBytes, files, batchSize, queue, wholeDocuments } = workerData as PrerenderWorkerData;
renderCache.maxBytes = maxBytes;

/** Renders one document's source for the cache. */
type Prerender = (content: string, env: Record<string, unknown>) => void;

/** The same pipeline eleventy.config.ts makes, links between posts and all: the same document cache keys. */
function wholeDocumentRenderer(posts: PrerenderPosts): Prerender {
  const urls = new PostUrls();
  urls.update(posts);
  const table = new MathTable();
  const { md } = createMarkdown({ macros, numbering, citations, mathTable: table, documentCache: { context: (src, file) => relativeLinksContext(urls) + notebookEmbedContext(src, file) } });
  md.use(relativeLinksPlugin, urls);
  md.use(notebookEmbedPlugin);
  return (content, env) => {
    // The post's reading time too: the build asks for it of the HTML it takes from the cache.
    prepareReadingMinutes(md.render(content, env), table);
    // The cache keeps each equation by its key: this thread needs no table beyond one document.
    table.clear();
  };
}

/**
 * Equations are rendered by core rules, so parsing renders them all; code is highlighted
 * by the renderer's fence rule, called here for fences only, as rendering the page would.
 */
function parsingRenderer(): Prerender {
  const { md } = createMarkdown({ macros, numbering, citations });
  const fence = md.renderer.rules.fence!;
  return (content, env) => {
    const tokens = md.parse(content, env);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type === 'fence') fence(tokens, i, md.options, env, md.renderer as MarkdownIt['renderer']);
    }
  };
}

// The post URLs come once the build has read every post's front matter.
const prerenderSource: Prerender = wholeDocuments
  ? wholeDocumentRenderer(await new Promise<PrerenderPosts>((resolve) => parentPort!.once('message', resolve)))
  : parsingRenderer();

function prerenderFile(file: string): void {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.ipynb')) {
    // A notebook post: its cells as the one document the build renders (src/notebook/).
    const parsed = parseText(file, text);
    const post = notebookPost(parsed);
    const data = notebookFrontMatterData(parsed, { engines: { yaml: (s: string) => yaml.load(s) } }) ?? {};
    prerenderSource(post.document.markdown, { ...data, page: { inputPath: `./${file}` }, ...post.env });
    renderCache.markDocument(text, { macros, numbering });
    return;
  }
  const { data, content } = matter(text, { engines: { yaml: (s: string) => yaml.load(s) } });
  const lineOffset = text.slice(0, text.length - content.length).split('\n').length - 1;
  prerenderSource(content, { ...data, page: { inputPath: `./${file}` }, lineOffset });
  renderCache.markDocument(text, { macros, numbering, citations });
}

/**
 * KaTeX builds its HTML by concatenation: a string made of many pieces until something
 * reads it. Reading one character joins it now, while its pieces are still young
 * garbage, rather than when the batch is sent, after they have been kept alive through
 * every collection since.
 */
function flatten(entries: [string, CacheEntry][]): void {
  for (const [, entry] of entries) {
    const html = typeof entry === 'string' ? entry : entry.html;
    html.charCodeAt(0);
  }
}

/** Render one batch and send its entries to the build. */
function prerenderBatch(first: number): void {
  const batch = files.slice(first, first + batchSize);
  const result: PrerenderBatchResult = { first, count: batch.length, documents: 0, failures: [], entries: [], mathMs: 0, codeMs: 0 };
  renderCache.resetUsage();
  for (const file of batch) {
    try {
      prerenderFile(file);
      result.documents++;
    } catch (err) {
      // The build renders this file again and reports any problem with its line.
      result.failures.push({ file, message: err instanceof Error ? err.message : String(err) });
    }
    const fresh = renderCache.takeFresh();
    flatten(fresh);
    for (const entry of fresh) result.entries.push(entry);
  }
  result.mathMs = renderCache.stats.mathMs;
  result.codeMs = renderCache.stats.codeMs;
  parentPort!.postMessage(result);
}

// Take batches until none is left; then the thread ends.
const next = new Int32Array(queue);
for (let first = Atomics.add(next, 0, batchSize); first < files.length; first = Atomics.add(next, 0, batchSize)) {
  prerenderBatch(first);
}
