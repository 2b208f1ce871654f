import { buildSearchIndex } from './search-index.js';

/**
 * The dev server's search index. Its rebuilds write only the pages that changed, so
 * Pagefind reads the whole site from disk (3.7 s for a 1,000-post blog): too long to
 * hold up the browser's reload. A build only says the index is due (`due`); it is made
 * once Eleventy has finished and reloaded (`run`), one at a time: the builds that
 * finish while one is made are indexed once, after it. Until then the search page
 * searches the previous index. A failure is printed and the server goes on: the next
 * save tries again.
 */
export class DevSearchIndex {
  private outputDir?: string;
  private running: Promise<void> = Promise.resolve();
  /** A run queued behind the current one: every build that finishes meanwhile joins it. */
  private waiting?: Promise<void>;

  constructor(
    private readonly out: NodeJS.WritableStream = process.stderr,
    private readonly index: (outputDir: string) => Promise<unknown> = buildSearchIndex,
  ) {}

  /** A build wrote pages into `outputDir`: index it at the next `run`. */
  due(outputDir: string): void {
    this.outputDir = outputDir;
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
    const outputDir = this.outputDir;
    if (outputDir === undefined) return;
    this.outputDir = undefined;
    try {
      await this.index(outputDir);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.out.write(`${message.startsWith('Search index') ? message : `Search index: ${message}`} (the search page keeps the previous index)\n`);
    }
  }
}

/** The dev server's index (the Eleventy config and `watch()` share it). */
export const devSearchIndex = new DevSearchIndex();
