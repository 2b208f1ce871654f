import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { entrySize, isCacheEntry, type CacheEntry, type RenderCache } from '../markdown/render-cache.js';

/**
 * The render cache on disk, shared by every build of a project (and by concurrent ones).
 *
 * Layout: `<dir>/seg-*.json` segment files, each `{ format, entries: [[key, entry], …] }`.
 * A build never rewrites a file: it writes what it rendered as new segments (temp file
 * + rename, so a reader sees a whole file or none), and now and then compacts: writes the
 * entries worth keeping into fresh segments and deletes only the segments it read.
 * Two builds at once therefore never lose each other's files; at worst an entry is
 * rendered twice. A segment that cannot be parsed is skipped and removed.
 */

const FORMAT = 'lemma-render-cache-1';
const SEGMENT = /^seg-[\w-]+\.json$/;
/** Segments are written in chunks of about this size, so loading never holds one huge string. */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Pieces of a segment's JSON written at a time. */
const WRITE_BYTES = 64 * 1024;
/** Temp files older than this come from a build that crashed mid-write. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export interface CacheStoreOptions {
  dir: string;
  /** Size bound for the files on disk (default 1 GB). */
  maxBytes?: number;
}

export interface LoadResult {
  entries: number;
  segments: number;
  /** Segments that could not be read as a cache file (skipped and removed). */
  corrupt: string[];
}

export interface SaveResult {
  written: number;
  compacted: boolean;
}

interface SegmentInfo {
  name: string;
  bytes: number;
}

function isErrno(err: unknown, code: string): boolean {
  return (err as NodeJS.ErrnoException)?.code === code;
}

export class CacheStore {
  readonly dir: string;
  readonly maxBytes: number;
  /** Segments this process read (the only ones its compaction may delete). */
  private readonly read: SegmentInfo[] = [];

  constructor(options: CacheStoreOptions) {
    this.dir = path.resolve(options.dir);
    this.maxBytes = options.maxBytes ?? 1024 * 1024 * 1024;
  }

  /** Load every readable segment into the cache, newest last (so newest is kept longest). */
  load(cache: RenderCache): LoadResult {
    const result: LoadResult = { entries: 0, segments: 0, corrupt: [] };
    for (const segment of this.list()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path.join(this.dir, segment.name), 'utf8'));
      } catch (err) {
        if (isErrno(err, 'ENOENT')) continue; // compacted away by a concurrent build
        parsed = undefined;
      }
      const entries = validEntries(parsed);
      if (!entries) {
        result.corrupt.push(segment.name);
        rmSync(path.join(this.dir, segment.name), { force: true });
        continue;
      }
      cache.load(entries);
      this.read.push(segment);
      result.segments++;
      result.entries += entries.length;
    }
    return result;
  }

  /**
   * Persist what this build rendered; compact when the segments grew past the size bound
   * or into many small files (watch mode saves after every rebuild).
   */
  save(cache: RenderCache): SaveResult {
    const fresh = cache.takeFresh();
    mkdirSync(this.dir, { recursive: true });
    this.removeStaleTemps();
    const onDisk = this.list();
    const freshBytes = fresh.reduce((sum, [key, entry]) => sum + entrySize(key, entry) / 2, 0);
    const totalBytes = onDisk.reduce((sum, s) => sum + s.bytes, 0) + freshBytes;
    const manySmall = onDisk.length + 1 > 16 + totalBytes / CHUNK_BYTES;
    if ((totalBytes > this.maxBytes || manySmall) && this.read.length > 0) {
      return { written: this.compact(cache, fresh), compacted: true };
    }
    this.writeSegments(fresh);
    return { written: fresh.length, compacted: false };
  }

  /** Remove the whole cache (`lemma build --clear-cache`, tests). */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Keep what the last build used plus whatever else fits in half the bound, newest
   * first; then delete the segments this process had read.
   */
  private compact(cache: RenderCache, fresh: [string, CacheEntry][]): number {
    const keep = new Map<string, CacheEntry>();
    let bytes = 0;
    const add = (key: string, entry: CacheEntry) => {
      if (keep.has(key) || bytes > this.maxBytes / 2) return;
      keep.set(key, entry);
      bytes += entrySize(key, entry) / 2;
    };
    for (const [key, entry] of fresh) add(key, entry);
    for (const [key, entry] of cache.entriesFor(cache.usedKeys())) add(key, entry);
    for (const [key, entry] of cache.entriesFor([...cache.allKeys()].reverse())) add(key, entry);
    this.writeSegments([...keep]);
    for (const segment of this.read.splice(0)) rmSync(path.join(this.dir, segment.name), { force: true });
    return keep.size;
  }

  private writeSegments(entries: [string, CacheEntry][]): void {
    let chunk: [string, CacheEntry][] = [];
    let bytes = 0;
    const flush = () => {
      if (chunk.length === 0) return;
      const name = `seg-${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}.json`;
      const temp = path.join(this.dir, `.tmp-${name}`);
      writeSegment(temp, chunk);
      renameSync(temp, path.join(this.dir, name));
      chunk = [];
      bytes = 0;
    };
    for (const item of entries) {
      chunk.push(item);
      bytes += entrySize(item[0], item[1]) / 2;
      if (bytes >= CHUNK_BYTES) flush();
    }
    flush();
  }

  /** Segment files, oldest first (names start with the creation time). */
  private list(): SegmentInfo[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return [];
      throw err;
    }
    const segments: SegmentInfo[] = [];
    for (const name of names.filter((n) => SEGMENT.test(n)).sort()) {
      try {
        segments.push({ name, bytes: statSync(path.join(this.dir, name)).size });
      } catch (err) {
        if (!isErrno(err, 'ENOENT')) throw err;
      }
    }
    return segments;
  }

  private removeStaleTemps(): void {
    for (const name of readdirSync(this.dir)) {
      if (!name.startsWith('.tmp-')) continue;
      const file = path.join(this.dir, name);
      try {
        if (Date.now() - statSync(file).mtimeMs > STALE_TEMP_MS) rmSync(file, { force: true });
      } catch {
        // Renamed or removed by its writer meanwhile.
      }
    }
  }
}

/**
 * `{ format, entries }` as JSON, written a piece at a time: the whole chunk as one string
 * would be a large object the heap keeps until its next full collection, and the end
 * of a cold build (when every new entry is saved) is when the build's memory peaks.
 */
function writeSegment(file: string, entries: [string, CacheEntry][]): void {
  const fd = openSync(file, 'w');
  try {
    let text = `{"format":${JSON.stringify(FORMAT)},"entries":[`;
    entries.forEach((item, i) => {
      text += (i ? ',' : '') + JSON.stringify(item);
      if (text.length >= WRITE_BYTES) {
        writeSync(fd, text);
        text = '';
      }
    });
    writeSync(fd, `${text}]}`);
  } finally {
    closeSync(fd);
  }
}

/** The entries of a parsed segment, or `undefined` when it is not a segment of this format. */
function validEntries(parsed: unknown): [string, CacheEntry][] | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { format, entries } = parsed as { format?: unknown; entries?: unknown };
  if (format !== FORMAT || !Array.isArray(entries)) return undefined;
  for (const item of entries) {
    if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || !isCacheEntry(item[1])) return undefined;
  }
  return entries as [string, CacheEntry][];
}
