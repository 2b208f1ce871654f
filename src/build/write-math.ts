import { writeFileSync } from 'node:fs';
import type { MathTable } from '../markdown/math-table.js';

/**
 * The last step of writing a page: Eleventy has written it with a placeholder for each
 * equation (see src/markdown/math-table.ts); this writes it again with the equations
 * in place. Runs first thing after Eleventy, before anything reads the pages from disk
 * (the report, the checker, the dev server's reload). A production build's search index
 * takes them from memory instead, as Eleventy finishes them (`pagesForSearch`).
 */

/** A page Eleventy wrote, as its `eleventy.after` results give it. */
export interface WrittenPage {
  inputPath: string;
  outputPath: string | false;
  url: string | false;
  content?: unknown;
}

/**
 * Each page as the search index reads it: every placeholder replaced by what `reduce`
 * makes of its equation (the index needs less than the whole HTML), each distinct
 * equation reduced once. One per build: equation ids are the build's own.
 */
export function pagesForSearch(table: MathTable, reduce: (equationHtml: string) => string): (content: string) => string {
  const reduced = new Map<number, string>();
  return (content) =>
    table.expand(content, (equation, id) => {
      let searched = reduced.get(id);
      if (searched === undefined) reduced.set(id, (searched = reduce(equation)));
      return searched;
    });
}

/** Pages written between two turns of the event loop (see below). */
const PAGES_PER_TURN = 16;

/**
 * Rewrite each page that holds placeholders with its equations; resolves to how many.
 * Lets the event loop turn every few pages: the search index's thread waits on this
 * one for more pages, and a second of writing would leave it idle.
 */
export async function writeMathIntoPages(results: readonly WrittenPage[], table: MathTable): Promise<number> {
  let pages = 0;
  for (const page of results) {
    if (!page.outputPath || typeof page.content !== 'string' || !table.has(page.content)) continue;
    writeFileSync(page.outputPath, table.expand(page.content));
    pages += 1;
    if (pages % PAGES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return pages;
}
