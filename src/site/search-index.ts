import { mkdirSync } from 'node:fs';
import * as pagefind from 'pagefind';
import { spanEnd } from '../markdown/span-end.js';

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
   * made only when Pagefind takes it, so a big site is never all in memory at once.
   */
  html: string | (() => string);
}

const EXCLUDE_SELECTORS = ['.katex-html', '.heading-anchor', '.copy-code'];
const VISUAL_MATH = '<span class="katex-html" aria-hidden="true">';
const MATHML = '<span class="katex-mathml">';
// KaTeX escapes `<` and `>` in text and attribute values alike, so a tag ends at the first `>`.
const TAG = /<[^>]*>/g;

/**
 * Index the built site for the search page with Pagefind: static files under
 * `<output>/pagefind/`, searched in the browser, no server. Pages mark what to index
 * with `data-pagefind-body` (posts and pages, not lists). KaTeX's visual copy of each
 * equation is skipped so results do not show every formula twice.
 *
 * With `documents`, the pages come from memory, reduced by `searchableHtml`, in URL
 * order (so the same pages give the same files, byte for byte); without, Pagefind reads
 * every HTML file under `outputDir` (in the order the folder lists them). Either way the
 * pages and result URLs in the index are the same.
 */
export async function buildSearchIndex(outputDir: string, documents?: Iterable<SearchDocument>): Promise<{ pages: number }> {
  const outputPath = `${outputDir}/pagefind`;
  // Pagefind's process panics on a folder it cannot create: say which one, here.
  try {
    mkdirSync(outputPath, { recursive: true });
  } catch (error) {
    throw new Error(`Search index: cannot create ${outputPath}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return await untilPagefindStops(async () => {
      const { index, errors } = await pagefind.createIndex({ excludeSelectors: EXCLUDE_SELECTORS });
      if (!index) throw new Error(`Search index: Pagefind did not start: ${errors.join('; ')}`);
      const pages = documents ? await addDocuments(index, documents) : await addDirectory(index, outputDir);
      const written = await index.writeFiles({ outputPath });
      if (written.errors.length) throw new Error(`Search index: writing ${outputPath} failed: ${written.errors.join('; ')}`);
      return { pages };
    });
  } finally {
    await pagefind.close();
  }
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

type Index = NonNullable<Awaited<ReturnType<typeof pagefind.createIndex>>['index']>;

async function addDirectory(index: Index, outputDir: string): Promise<number> {
  const added = await index.addDirectory({ path: outputDir });
  if (added.errors.length) throw new Error(`Search index: reading ${outputDir} failed: ${added.errors.join('; ')}`);
  return added.page_count;
}

async function addDocuments(index: Index, documents: Iterable<SearchDocument>): Promise<number> {
  // Pagefind numbers pages in the order they arrive, so one at a time, sorted.
  const pages = [...documents].filter((d) => isHtmlPage(d.url)).sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  for (let i = 1; i < pages.length; i++) {
    // Pagefind keeps the last of two pages with one URL: which one would depend on input order.
    if (pages[i].url === pages[i - 1].url) throw new Error(`Search index: two pages have the URL ${pages[i].url}`);
  }
  for (const page of pages) {
    const added = await index.addHTMLFile({ sourcePath: sourcePath(page.url), content: searchableHtml(typeof page.html === 'string' ? page.html : page.html()) }).catch((error: unknown) => {
      throw new Error(`Search index: adding ${page.url} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    if (added.errors.length) throw new Error(`Search index: adding ${page.url} failed: ${added.errors.join('; ')}`);
  }
  return pages.length;
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

/**
 * The page as Pagefind needs to read it to index exactly what it would index from the
 * whole page, parsed in a fraction of the time (most of a math page is KaTeX's markup):
 * - KaTeX's visual HTML goes, as Pagefind drops it anyway (`excludeSelectors`), only
 *   after parsing it. It nests only spans in spans: its end is found by counting them.
 * - Each equation's MathML keeps only its text. Pagefind indexes the text of MathML's
 *   many small elements run together (none is a block, a link target or an exclusion
 *   to Pagefind, and KaTeX gives them no ids), which is exactly that text.
 * An equation left unclosed is left to Pagefind.
 */
export function searchableHtml(html: string): string {
  return mapSpans(mapSpans(html, VISUAL_MATH, () => ''), MATHML, (span) => `${MATHML}${span.slice(MATHML.length, -'</span>'.length).replace(TAG, '')}</span>`);
}

/** `html` with each span that starts with `opening` replaced by `replace(span)`. */
function mapSpans(html: string, opening: string, replace: (span: string) => string): string {
  let at = html.indexOf(opening);
  if (at < 0) return html;
  const parts: string[] = [];
  let from = 0;
  for (; at >= 0; at = html.indexOf(opening, from)) {
    const end = spanEnd(html, at);
    if (end >= html.length) break;
    parts.push(html.slice(from, at), replace(html.slice(at, end)));
    from = end;
  }
  parts.push(html.slice(from));
  return parts.join('');
}
