import { readFileSync } from 'node:fs';
import { writeJsonFile } from '../../json-file.js';

interface CacheFile {
  version: 1;
  /** URL → when it last answered well (epoch ms) and with what status. */
  good: Record<string, { checkedAt: number; status: number }>;
}

/**
 * Good external results, remembered for a while so repeated checks do not ask every
 * host again. Failures are never cached: a broken link is re-checked every time.
 * A missing or corrupt file is an empty cache.
 */
export class ExternalLinkCache {
  private data: CacheFile = { version: 1, good: {} };

  constructor(
    private readonly file: string | null,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!file) return;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
      if (parsed.version === 1 && parsed.good && typeof parsed.good === 'object') this.data = parsed;
    } catch {
      // No cache yet, or unreadable: start empty.
    }
  }

  /** A fresh good result for `url`, if there is one. */
  get(url: string): { status: number } | undefined {
    const hit = this.data.good[url];
    return hit && this.now() - hit.checkedAt <= this.maxAgeMs ? { status: hit.status } : undefined;
  }

  remember(url: string, status: number): void {
    this.data.good[url] = { checkedAt: this.now(), status };
  }

  /** Write the cache (expired entries dropped), atomically. */
  save(): void {
    if (!this.file) return;
    for (const [url, entry] of Object.entries(this.data.good)) {
      if (this.now() - entry.checkedAt > this.maxAgeMs) delete this.data.good[url];
    }
    writeJsonFile(this.file, this.data);
  }
}
