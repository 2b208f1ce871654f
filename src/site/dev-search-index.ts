import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildSearchIndex, indexWrittenPages, SEARCH_INDEX_FOLDER } from './search-index.js';

/** Where the next index is written before it replaces the served one. */
const STAGING = '.cache/lemma/dev-search';

/**
 * Index the pages in `order` (as a production build does), else every page on disk.
 * The new index replaces the old one whole: Pagefind names its files by content, and
 * the last index's files would otherwise stay beside the new ones.
 */
async function indexSite(outputDir: string, order?: readonly string[]): Promise<void> {
  if (!order) {
    await buildSearchIndex(outputDir);
    return;
  }
  rmSync(STAGING, { recursive: true, force: true });
  await indexWrittenPages(outputDir, order, STAGING);
  const served = path.join(outputDir, SEARCH_INDEX_FOLDER);
  rmSync(served, { recursive: true, force: true });
  renameSync(path.join(STAGING, SEARCH_INDEX_FOLDER), served);
  rmSync(STAGING, { recursive: true, force: true });
}

/**
 * The dev server's search index. Its rebuilds write only the pages that changed, so
 * Pagefind reads the whole site from disk (3.7 s for a 1,000-post blog): too long to
 * hold up the browser's reload. A build only says the index is due (`due`); it is made
 * once Eleventy has finished and reloaded (`run`), one at a time: the builds that
 * finish while one is made are indexed once, after it. Until then the search page
 * searches the previous index. Given the build's pages in the order a production build
 * indexes them, the index is that build's, to the byte. A failure is printed and the server goes on: the next
 * save tries again.
 */
export class DevSearchIndex {
  private outputDir?: string;
  private order?: readonly string[];
  private running: Promise<void> = Promise.resolve();
  /** A run queued behind the current one: every build that finishes meanwhile joins it. */
  private waiting?: Promise<void>;

  constructor(
    private readonly out: NodeJS.WritableStream = process.stderr,
    private readonly index: (outputDir: string, order?: readonly string[]) => Promise<unknown> = indexSite,
  ) {}

  /** A build wrote pages into `outputDir` (every page of the site in `order`, when known): index it at the next `run`. */
  due(outputDir: string, order?: readonly string[]): void {
    this.outputDir = outputDir;
    this.order = order;
  }

  /** Index the site if a build asked since the last run; resolves when done (never rejects). */
  run(): Promise<void> {
    if (!this.waiting) {
      this.waiting = this.running = this.running.then(() => {
        this.waiting = undefined;
        return this.indexIfDue();
      });
    }
    return this.waiting;
  }

  private async indexIfDue(): Promise<void> {
    const { outputDir, order } = this;
    if (outputDir === undefined) return;
    this.outputDir = undefined;
    try {
      await this.index(outputDir, order);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.out.write(`${message.startsWith('Search index') ? message : `Search index: ${message}`} (the search page keeps the previous index)\n`);
    }
  }
}

/** The dev server's index (the Eleventy config and `watch()` share it). */
export const devSearchIndex = new DevSearchIndex();
