import { writeFileSync } from 'node:fs';
import type { MathTable } from '../markdown/math-table.js';

/**
 * The last step of writing a page: Eleventy has written it with a placeholder for each
 * equation (see src/markdown/math-table.ts); this writes it again with the equations
 * in place. Runs first thing after Eleventy, before anything reads the pages (the
 * report, the checker, the search index, the dev server's reload).
 */

/** A page Eleventy wrote, as its `eleventy.after` results give it. */
export interface WrittenPage {
  inputPath: string;
  outputPath: string | false;
  url: string | false;
  content?: unknown;
}

/** A written HTML page as the search index wants it (see src/site/search-index.ts). */
export interface PageForSearch {
  url: string;
  /** Made when the index asks for it: one page at a time in memory, not the whole site. */
  html: () => string;
}

export interface WriteMathOptions {
  /**
   * Also return every HTML page for the search index, each equation replaced by what
   * this makes of its HTML (the index needs less than the whole of it).
   */
  searchEquation?: (equationHtml: string) => string;
}

export interface WriteMathResult {
  /** Pages rewritten with their equations. */
  pages: number;
  search: PageForSearch[];
}

export function writeMathIntoPages(results: readonly WrittenPage[], table: MathTable, options: WriteMathOptions = {}): WriteMathResult {
  const result: WriteMathResult = { pages: 0, search: [] };
  const forSearch = new Map<number, string>();
  const searchEquation = options.searchEquation;
  for (const page of results) {
    if (!page.outputPath || typeof page.content !== 'string') continue;
    const content = page.content;
    if (table.has(content)) {
      writeFileSync(page.outputPath, table.expand(content));
      result.pages += 1;
    }
    if (searchEquation && page.url !== false && page.outputPath.endsWith('.html')) {
      const html = () =>
        table.expand(content, (equation, id) => {
          let searched = forSearch.get(id);
          if (searched === undefined) forSearch.set(id, (searched = searchEquation(equation)));
          return searched;
        });
      result.search.push({ url: page.url, html });
    }
  }
  return result;
}
