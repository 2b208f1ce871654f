import { readFileSync } from 'node:fs';
import { writeJsonFile } from '../json-file.js';
import { folderVersion } from '../markdown/code-version.js';
import type { PageScanCache } from './page-cache.js';
import type { PageScan } from './page-scan.js';

/**
 * Page scans kept on disk between checks, so that a check after a build that changed a
 * few pages parses only those (in CI, `actions/cache` keeps `.cache/` between runs):
 * 1.4 s instead of 5.9 s for the 1,000-post bench site. One JSON file, replaced whole
 * (written to a temporary name, then renamed), so a reader sees an old file or a new
 * one, never half of one. A file written by other code, or damaged, is ignored.
 */

/** Where the page scans are kept, relative to the project root. */
export const SCAN_STORE_FILE = '.cache/lemma/check/page-scans.json';

const FORMAT = 'lemma-page-scans-1';

type StoredScan = Omit<PageScan, 'ids'> & { ids: string[] };
type StoredPage = [file: string, hash: string, scan: StoredScan];

/** The scanner's code (this folder, and the lockfile for htmlparser2's version): its scans are only good for itself. */
function codeVersion(): string {
  return folderVersion(new URL('.', import.meta.url).href);
}

function isStoredPage(value: unknown): value is StoredPage {
  if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string' || typeof value[1] !== 'string') return false;
  const scan = value[2] as Partial<StoredScan> | null;
  return typeof scan === 'object' && scan !== null && [scan.ids, scan.links, scan.unrenderedMath, scan.katexErrors].every(Array.isArray);
}

/**
 * Put the scans a previous check saved in `file` into `cache`. Returns how many;
 * `ignored` says why a file that is there was not used (none if it was written by
 * other code, which is expected after an upgrade).
 */
export function loadPageScans(file: string, cache: PageScanCache): { pages: number; ignored?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { pages: 0 };
    return { pages: 0, ignored: `could not read it: ${(err as Error).message}` };
  }
  let data: { format?: unknown; code?: unknown; pages?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    return { pages: 0, ignored: 'it is not JSON' };
  }
  if (data?.format !== FORMAT || data.code !== codeVersion()) return { pages: 0 };
  if (!Array.isArray(data.pages) || !data.pages.every(isStoredPage)) return { pages: 0, ignored: 'it is damaged' };
  for (const [page, hash, scan] of data.pages) cache.set(page, hash, { ...scan, ids: new Set(scan.ids) });
  return { pages: data.pages.length };
}

/** Replace `file` with the scans in `cache`. Throws if it cannot be written. */
export function savePageScans(file: string, cache: PageScanCache): void {
  const pages: StoredPage[] = [...cache.all()].map(([page, { hash, scan }]) => [page, hash, { ...scan, ids: [...scan.ids] }]);
  writeJsonFile(file, { format: FORMAT, code: codeVersion(), pages });
}
