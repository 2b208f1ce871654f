import * as pagefind from 'pagefind';

/**
 * Index the built site for the search page with Pagefind: static files under
 * `<output>/pagefind/`, searched in the browser, no server. Pages mark what to index
 * with `data-pagefind-body` (posts and pages, not lists). KaTeX's visual copy of each
 * equation is skipped so results do not show every formula twice.
 */
export async function buildSearchIndex(outputDir: string): Promise<{ pages: number }> {
  const { index, errors } = await pagefind.createIndex({ excludeSelectors: ['.katex-html', '.heading-anchor', '.copy-code'] });
  if (!index) throw new Error(`Search index: ${errors.join('; ')}`);
  try {
    const added = await index.addDirectory({ path: outputDir });
    if (added.errors.length) throw new Error(`Search index: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: `${outputDir}/pagefind` });
    if (written.errors.length) throw new Error(`Search index: ${written.errors.join('; ')}`);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
