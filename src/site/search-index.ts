import { mkdirSync } from 'node:fs';
import * as pagefind from 'pagefind';
import { searchableHtml } from './searchable-html.js';

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

const EXCLUDE_SELECTORS = ['.katex-html', '.heading-anchor', '.copy-code'];

type Index = NonNullable<Awaited<ReturnType<typeof pagefind.createIndex>>['index']>;

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
  const stream = new SearchIndexStream();
  stream.start();
  if (!documents) return stream.finish(outputDir, (index) => addDirectory(index, outputDir));
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
  private index?: Promise<Index>;
  private order: string[] = [];
  private position = new Map<string, number>();
  private waiting: (SearchDocument['html'] | undefined)[] = [];
  private next = 0;
  /** Pages outside the expected order: they go last, by URL. */
  private unexpected = new Map<string, SearchDocument['html']>();
  private seen = new Set<string>();
  private sent: Promise<void>[] = [];
  private failure?: Error;

  /** Whether a build is feeding this index (between `start` and `finish`). */
  get active(): boolean {
    return this.index !== undefined;
  }

  /** Start Pagefind, so that it is ready by the time the first page is. */
  start(): void {
    this.reset();
    this.index = pagefind.createIndex({ excludeSelectors: EXCLUDE_SELECTORS }).then(({ index, errors }) => {
      if (!index) throw new Error(`Search index: Pagefind did not start: ${errors.join('; ')}`);
      return index;
    });
    // Reported by `finish`, which every build reaches or replaces with `abort`.
    this.index.catch(() => {});
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
    if (!this.index) throw new Error('Search index: a page was added before the index was started');
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
   * Send what is left (expected pages that never came are skipped), then write the
   * index to `<outputDir>/pagefind/`. `addPages` replaces the streamed pages (the dev
   * server indexes the folder). Pagefind is stopped however this ends.
   */
  async finish(outputDir: string, addPages?: (index: Index) => Promise<number>): Promise<{ pages: number }> {
    const index = this.index;
    if (!index) throw new Error('Search index: finish() without start()');
    try {
      for (; this.next < this.order.length; this.next++) this.sendPage(this.next);
      for (const url of [...this.unexpected.keys()].sort(byCodeUnits)) this.send(url, this.unexpected.get(url)!);
      const outputPath = `${outputDir}/pagefind`;
      // Pagefind's process panics on a folder it cannot create: say which one, here.
      try {
        mkdirSync(outputPath, { recursive: true });
      } catch (error) {
        throw new Error(`Search index: cannot create ${outputPath}: ${(error as Error).message}`, { cause: error });
      }
      return await untilPagefindStops(async () => {
        const pages = addPages ? await addPages(await index) : await this.allSent();
        const written = await (await index).writeFiles({ outputPath });
        if (written.errors.length) throw new Error(`Search index: writing ${outputPath} failed: ${written.errors.join('; ')}`);
        return { pages };
      });
    } finally {
      this.reset();
      await pagefind.close();
    }
  }

  /** Stop Pagefind without writing anything (the build failed). */
  async abort(): Promise<void> {
    this.reset();
    await pagefind.close();
  }

  private reset(): void {
    this.index = undefined;
    this.order = [];
    this.position = new Map();
    this.waiting = [];
    this.next = 0;
    this.unexpected = new Map();
    this.seen = new Set();
    this.sent = [];
    this.failure = undefined;
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

  /**
   * Pagefind takes pages in the order they are written to its pipe; callbacks on one
   * promise run in the order they were added, so pages are written in the order sent.
   */
  private send(url: string, html: SearchDocument['html']): void {
    const content = searchableHtml(typeof html === 'string' ? html : html());
    const added = this.index!.then((index) => index.addHTMLFile({ sourcePath: sourcePath(url), content })).then((result) => {
      if (result.errors.length) throw new Error(result.errors.join('; '));
    });
    // Kept until `finish`, which reports the first failure with its page.
    this.sent.push(
      added.catch((error: unknown) => {
        this.failure ??= new Error(`Search index: adding ${url} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }),
    );
  }

  private async allSent(): Promise<number> {
    await Promise.all(this.sent);
    if (this.failure) throw this.failure;
    return this.sent.length;
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

async function addDirectory(index: Index, outputDir: string): Promise<number> {
  const added = await index.addDirectory({ path: outputDir });
  if (added.errors.length) throw new Error(`Search index: reading ${outputDir} failed: ${added.errors.join('; ')}`);
  return added.page_count;
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
