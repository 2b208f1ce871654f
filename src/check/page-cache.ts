import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { scanPage, type PageScan } from './page-scan.js';

/**
 * Page scans kept between checks of the same site (the dev server checks after
 * every rebuild): a page whose size and modification time are unchanged is not
 * read or parsed again.
 */
export class PageScanCache {
  private readonly entries = new Map<string, { mtimeMs: number; size: number; scan: PageScan }>();

  get(file: string, mtimeMs: number, size: number): PageScan | undefined {
    const hit = this.entries.get(file);
    return hit && hit.mtimeMs === mtimeMs && hit.size === size ? hit.scan : undefined;
  }

  set(file: string, mtimeMs: number, size: number, scan: PageScan): void {
    this.entries.set(file, { mtimeMs, size, scan });
  }

  /** Drop pages that are no longer in the site. */
  retain(files: Set<string>): void {
    for (const file of this.entries.keys()) if (!files.has(file)) this.entries.delete(file);
  }
}

/** How many files are read at once: enough to overlap disk and parsing, few enough for memory. */
const READ_AHEAD = 16;

/** Read and scan every page (each parsed once), reusing cached scans when given a cache. */
export async function scanPages(siteDir: string, pages: string[], cache?: PageScanCache): Promise<Map<string, PageScan>> {
  const scans = new Map<string, PageScan>();
  let next = 0;
  const worker = async () => {
    while (next < pages.length) {
      const page = pages[next++];
      const file = path.join(siteDir, page);
      if (cache) {
        const info = await stat(file);
        const hit = cache.get(page, info.mtimeMs, info.size);
        if (hit) {
          scans.set(page, hit);
          continue;
        }
        const scan = scanPage(await readFile(file, 'utf8'));
        cache.set(page, info.mtimeMs, info.size, scan);
        scans.set(page, scan);
      } else {
        scans.set(page, scanPage(await readFile(file, 'utf8')));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_AHEAD, pages.length) }, worker));
  cache?.retain(new Set(pages));
  return scans;
}
