import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { EXCLUDE_SELECTORS, searchableHtml } from './searchable-html.js';
import { SearchIndexThread } from './search-index-thread.js';

export { searchableHtml } from './searchable-html.js';

/** One built page, as Eleventy wrote it. */
export interface SearchDocument {
  /**
   * The page's URL path as Eleventy gives it (`page.url`): `/posts/foo/`, `/404.html`,
   * `/tags/数学/`. Without the path prefix, which the search page adds in the browser
   * (its `baseUrl`), and not percent-encoded: Pagefind encodes it as it does file paths.
   */
  url: string;
  /**
   * The page's HTML, as written to disk, or a function that makes it: then each page is
   * made only when it is its turn to go to Pagefind, not all at once.
   */
  html: string | (() => string);
}

/**
 * Index the built site for the search page with Pagefind: static files under
 * `<output>/pagefind/`, searched in the browser, no server. Pages mark what to index
 * with `data-pagefind-body` (posts and pages, not lists). KaTeX's visual copy of each
 * equation is skipped so results do not show every formula twice.
 *
 * With `documents`, the pages come from memory, reduced by `searchableHtml`, in URL
 * order (so the same pages give the same files, byte for byte); without, Pagefind reads
 * every HTML file under `outputDir` (in the order the folder lists them). Either way the
 * pages and result URLs in the index are the same. A production build streams its pages
 * instead (`SearchIndexStream`).
 */
export async function buildSearchIndex(outputDir: string, documents?: Iterable<SearchDocument>): Promise<{ pages: number }> {
  if (!documents) return indexDirectory(outputDir);
  const stream = new SearchIndexStream();
  stream.start();
  try {
    const pages = [...documents];
    stream.expect(pages.map((page) => page.url).sort(byCodeUnits));
    for (const page of pages) stream.add(page.url, page.html);
  } catch (error) {
    await stream.abort();
    throw error;
  }
  return stream.finish(outputDir);
}

/**
 * The search index of a production build, fed page by page as Eleventy finishes them,
 * so that Pagefind (a process of its own, on another core) indexes while Eleventy and
 * the rest of the build still work. Pagefind numbers pages in the order they reach it
 * and its files depend on that order, so pages go in an order fixed up front
 * (`expect`), whatever order they are finished in: each waits for those before it.
 */
export class SearchIndexStream {
  private running = false;
  /** Started with the first page: not alongside the build's pre-render threads, which are done by then. */
  private threadStarted?: SearchIndexThread;
  private order: string[] = [];
  private position = new Map<string, number>();
  private waiting: (SearchDocument['html'] | undefined)[] = [];
  private next = 0;
  /** Pages outside the expected order: they go last, by URL. */
  private unexpected = new Map<string, SearchDocument['html']>();
  private seen = new Set<string>();

  /** Whether a build is feeding this index (between `start` and `finish`). */
  get active(): boolean {
    return this.running;
  }

  private get thread(): SearchIndexThread {
    this.threadStarted ??= new SearchIndexThread();
    return this.threadStarted;
  }

  /** Take pages from here on (Pagefind starts with the first). */
  start(): void {
    this.reset();
    this.running = true;
  }

  /** The URLs of the pages to come, in the order they are to reach Pagefind. */
  expect(urls: Iterable<string>): void {
    this.order = [...new Set([...urls].filter(isHtmlPage))];
    this.position = new Map(this.order.map((url, at) => [url, at]));
    this.waiting = new Array(this.order.length);
    this.next = 0;
    for (const [url, html] of this.unexpected) {
      const at = this.position.get(url);
      if (at === undefined) continue;
      this.waiting[at] = html;
      this.unexpected.delete(url);
    }
    this.sendInOrder();
  }

  /** A finished page (anything but an HTML page is left out, as a folder walk would). */
  add(url: string, html: SearchDocument['html']): void {
    if (!this.running) throw new Error('Search index: a page was added before the index was started');
    // Checked here so the error names the page, not the file path made from it.
    sourcePath(url);
    if (!isHtmlPage(url)) return;
    // Pagefind keeps the last of two pages with one URL: which one would depend on their order.
    if (this.seen.has(url)) throw new Error(`Search index: two pages have the URL ${url}`);
    this.seen.add(url);
    const at = this.position.get(url);
    if (at === undefined) {
      this.unexpected.set(url, html);
    } else {
      this.waiting[at] = html;
      this.sendInOrder();
    }
  }

  /**
   * Send every page left (expected pages that never came are skipped; pages nobody
   * expected go last, by URL); resolves once Pagefind's thread holds all but the last few.
   */
  async sendRemaining(): Promise<void> {
    if (!this.running) throw new Error('Search index: sendRemaining() without start()');
    for (; this.next < this.order.length; this.next++) this.sendPage(this.next);
    for (const url of [...this.unexpected.keys()].sort(byCodeUnits)) this.send(url, this.unexpected.get(url)!);
    this.unexpected.clear();
    await this.thread.sent();
  }

  /** Send what is left, then write the index to `<outputDir>/pagefind/`. Pagefind is stopped however this ends. */
  async finish(outputDir: string): Promise<{ pages: number }> {
    if (!this.running) throw new Error('Search index: finish() without start()');
    const thread = this.thread;
    try {
      await this.sendRemaining();
      const outputPath = outputFolder(outputDir);
      return { pages: await thread.finish(outputPath) };
    } catch (error) {
      await thread.abort();
      throw error;
    } finally {
      this.reset();
    }
  }

  /** Stop Pagefind without writing anything (the build failed). */
  async abort(): Promise<void> {
    const thread = this.threadStarted;
    this.reset();
    await thread?.abort();
  }

  private reset(): void {
    this.running = false;
    this.threadStarted = undefined;
    this.order = [];
    this.position = new Map();
    this.waiting = [];
    this.next = 0;
    this.unexpected = new Map();
    this.seen = new Set();
  }

  private sendInOrder(): void {
    while (this.next < this.order.length && this.waiting[this.next] !== undefined) this.sendPage(this.next++);
  }

  private sendPage(at: number): void {
    const html = this.waiting[at];
    if (html === undefined) return;
    this.waiting[at] = undefined;
    this.send(this.order[at], html);
  }

  private send(url: string, html: SearchDocument['html']): void {
    this.thread.add(url, sourcePath(url), html);
  }
}

/** The production build's index: `build()` starts and finishes it, the config feeds it. */
export const siteSearchIndex = new SearchIndexStream();

/**
 * The order a build's pages go to the index, from Eleventy's content map: Markdown pages
 * (posts and pages) first, then the rest (lists and feeds, which Eleventy finishes
 * last), each group by URL. Any fixed order gives the same files every time; this one
 * lets most pages go to Pagefind as soon as they are finished.
 */
export function searchOrder(inputPathToUrl: Record<string, readonly unknown[]>): string[] {
  const markdown: string[] = [];
  const rest: string[] = [];
  for (const [inputPath, urls] of Object.entries(inputPathToUrl)) {
    for (const url of urls) if (typeof url === 'string') (inputPath.endsWith('.md') ? markdown : rest).push(url);
  }
  return [...markdown.sort(byCodeUnits), ...rest.sort(byCodeUnits)];
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `work`, or an error if Pagefind's process ends without answering (a panic, a kill):
 * its pending calls would never settle and Node would exit mid-build as if all were
 * well. With nothing else to wait for, Node first emits `beforeExit`.
 */
async function untilPagefindStops<T>(work: () => Promise<T>): Promise<T> {
  let stopped!: () => void;
  const gone = new Promise<never>((_, reject) => {
    stopped = () => reject(new Error('Search index: the Pagefind process stopped before it answered (its own message, if any, is above)'));
  });
  process.once('beforeExit', stopped);
  try {
    return await Promise.race([work(), gone]);
  } finally {
    process.off('beforeExit', stopped);
  }
}

/** The index's folder in the built site. */
export const SEARCH_INDEX_FOLDER = 'pagefind';

/** `<outputDir>/pagefind`, made here: Pagefind's process panics on a folder it cannot create. */
function outputFolder(outputDir: string): string {
  const outputPath = `${outputDir}/${SEARCH_INDEX_FOLDER}`;
  try {
    mkdirSync(outputPath, { recursive: true });
  } catch (error) {
    throw new Error(`Search index: cannot create ${outputPath}: ${(error as Error).message}`, { cause: error });
  }
  return outputPath;
}

/** The dev server's index: Pagefind reads every HTML page under the output folder. */
async function indexDirectory(outputDir: string): Promise<{ pages: number }> {
  const outputPath = outputFolder(outputDir);
  try {
    return await untilPagefindStops(async () => {
      const { index, errors } = await pagefind.createIndex({ excludeSelectors: EXCLUDE_SELECTORS });
      if (!index) throw new Error(`Search index: Pagefind did not start: ${errors.join('; ')}`);
      const added = await index.addDirectory({ path: outputDir });
      if (added.errors.length) throw new Error(`Search index: reading ${outputDir} failed: ${added.errors.join('; ')}`);
      const written = await index.writeFiles({ outputPath });
      if (written.errors.length) throw new Error(`Search index: writing ${outputPath} failed: ${written.errors.join('; ')}`);
      return { pages: added.page_count };
    });
  } finally {
    await pagefind.close();
  }
}

/**
 * The index of pages already written to `outputDir`, fed in `order` (a production
 * build's `searchOrder`) and reduced as a production build reduces them: the same pages
 * give the same files, byte for byte, as that build's index. URLs with no file are
 * skipped. The index goes to `<indexParent>/pagefind/` (default: the output folder's).
 */
export async function indexWrittenPages(outputDir: string, order: readonly string[], indexParent = outputDir): Promise<{ pages: number }> {
  const stream = new SearchIndexStream();
  stream.start();
  try {
    const urls = order.filter(isHtmlPage);
    stream.expect(urls);
    for (const url of urls) {
      let html: string;
      try {
        html = readFileSync(path.join(outputDir, sourcePath(url)), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      stream.add(url, () => searchableHtml(html));
    }
  } catch (error) {
    await stream.abort();
    throw error;
  }
  return stream.finish(indexParent);
}

/** What a directory walk would index (`**\/*.html`): not feeds, sitemaps, robots.txt. */
function isHtmlPage(url: string): boolean {
  return url.endsWith('/') || url.endsWith('.html');
}

/**
 * The file a URL was written to, relative to the output folder. Pagefind turns this
 * into the result URL exactly as it does for files on disk (`index.html` dropped,
 * unsafe characters percent-encoded), whereas a `url` it would take verbatim.
 */
function sourcePath(url: string): string {
  if (!url.startsWith('/')) throw new Error(`Search index: page URL ${JSON.stringify(url)} does not start with "/"`);
  return url.endsWith('/') ? `${url.slice(1)}index.html` : url.slice(1);
}
