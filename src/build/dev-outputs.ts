import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { removeEmptyFolders } from './output-prune.js';
import type { WrittenPage } from './write-math.js';

/**
 * The dev server's output folder kept to the site: Eleventy's rebuilds write pages but
 * never remove one, so a post renamed, deleted or given another permalink while
 * `npm start` runs would still be served at its old URL, and the check after the
 * rebuild would take links to it as good. This remembers which pages each input wrote
 * and removes those it no longer writes.
 */
export class DevOutputs {
  private readonly pagesByInput = new Map<string, Set<string>>();
  private root = '';

  constructor(private readonly out: NodeJS.WritableStream = process.stderr) {}

  /**
   * After a build: each input it rebuilt now writes exactly these pages; the ones it
   * wrote before and not now are removed (returned, relative to the output folder).
   */
  built(results: readonly WrittenPage[], outputDir: string): string[] {
    this.root = path.resolve(outputDir);
    const rebuilt = new Map<string, Set<string>>();
    for (const page of results) {
      if (typeof page.outputPath !== 'string') continue;
      const input = path.resolve(page.inputPath);
      const pages = rebuilt.get(input) ?? new Set<string>();
      pages.add(path.resolve(page.outputPath));
      rebuilt.set(input, pages);
    }
    const removed: string[] = [];
    for (const [input, pages] of rebuilt) {
      for (const old of this.pagesByInput.get(input) ?? []) if (!pages.has(old) && !this.writtenByAnother(old, input, rebuilt)) removed.push(this.remove(old));
      this.pagesByInput.set(input, pages);
    }
    return this.said(removed);
  }

  /** Whether another input writes `page` now (a permalink passed from one post to another). */
  private writtenByAnother(page: string, input: string, rebuilt: Map<string, Set<string>>): boolean {
    for (const [other, pages] of rebuilt) if (other !== input && pages.has(page)) return true;
    for (const [other, pages] of this.pagesByInput) if (other !== input && !rebuilt.has(other) && pages.has(page)) return true;
    return false;
  }

  /** Files deleted (or otherwise changed): an input that is gone takes its pages with it. */
  changed(files: readonly string[]): string[] {
    const removed: string[] = [];
    for (const file of files) {
      const input = path.resolve(file);
      const pages = this.pagesByInput.get(input);
      if (!pages || existsSync(input)) continue;
      for (const page of pages) removed.push(this.remove(page));
      this.pagesByInput.delete(input);
    }
    return this.said(removed);
  }

  /**
   * Inputs this build left out (a post whose front matter is wrong): their pages go
   * until they build again, so the server never shows what the author is fixing as it was.
   */
  leftOut(files: readonly string[]): string[] {
    const removed: string[] = [];
    for (const file of files) {
      const input = path.resolve(file);
      for (const page of this.pagesByInput.get(input) ?? []) removed.push(this.remove(page));
      this.pagesByInput.delete(input);
    }
    return this.said(removed);
  }

  private said(removed: string[]): string[] {
    if (removed.length > 0) this.out.write(`Removed ${removed.join(', ')}: no page is built there any more.\n`);
    return removed;
  }

  private remove(page: string): string {
    // Only ever a page of the output folder.
    if (page.startsWith(`${this.root}${path.sep}`)) {
      rmSync(page, { force: true });
      removeEmptyFolders(path.dirname(page), this.root);
    }
    return path.relative(this.root, page).split(path.sep).join('/');
  }
}

/** The dev server's (the Eleventy config records every build into it). */
export const devOutputs = new DevOutputs();
