import { devCheck } from '../check/dev.js';
import { devSearchIndex } from '../site/dev-search-index.js';

/**
 * What the dev server does after each build, once the browser has the new pages: the
 * search index, then the check (which reads the index's files too). Neither holds up
 * the reload; neither rejects.
 */
export async function afterDevBuild(): Promise<void> {
  await devSearchIndex.run();
  await devCheck.run();
}
