import type { MacroDefinitions } from './katex-macros.js';
import type { MathResult } from './render-cache.js';

/** What the render cache stores, in a shape that survives JSON and worker messages. */

/** A cached equation: its result plus the macros it defined, replayed on a hit. */
export interface MathEntry extends Omit<MathResult, 'warnings'> {
  warnings?: string[];
  defs?: MacroDefinitions;
}

/** A cached code block is its highlighted HTML. */
export type CacheEntry = MathEntry | string;

/** Rough heap cost of an entry, for the size bound (strings count twice: UTF-16). */
export function entrySize(key: string, entry: CacheEntry): number {
  if (typeof entry === 'string') return 2 * (key.length + entry.length) + 64;
  let size = key.length + entry.html.length + (entry.error?.length ?? 0);
  for (const w of entry.warnings ?? []) size += w.length;
  for (const f of entry.fonts ?? []) size += f.length;
  for (const [name, json] of Object.entries(entry.defs ?? {})) size += name.length + (json?.length ?? 0);
  return 2 * size + 128;
}

/** Whether a value read from disk or a worker has the shape of an entry. */
export function isCacheEntry(value: unknown): value is CacheEntry {
  if (typeof value === 'string') return true;
  if (typeof value !== 'object' || value === null) return false;
  const e = value as MathEntry;
  return (
    typeof e.html === 'string' &&
    (e.error === undefined || typeof e.error === 'string') &&
    (e.errorPosition === undefined || typeof e.errorPosition === 'number') &&
    (e.warnings === undefined || (Array.isArray(e.warnings) && e.warnings.every((w) => typeof w === 'string'))) &&
    (e.fonts === undefined || (Array.isArray(e.fonts) && e.fonts.every((f) => typeof f === 'string'))) &&
    (e.defs === undefined ||
      (typeof e.defs === 'object' && e.defs !== null && Object.values(e.defs).every((d) => d === null || typeof d === 'string')))
  );
}

/** The entry for a rendered equation: plain data, copies of its lists. */
export function toEntry(result: MathResult, defs: MacroDefinitions | undefined): MathEntry {
  const entry: MathEntry = { html: result.html };
  if (result.fonts !== undefined) entry.fonts = [...result.fonts];
  if (result.error !== undefined) entry.error = result.error;
  if (result.errorPosition !== undefined) entry.errorPosition = result.errorPosition;
  if (result.warnings.length) entry.warnings = [...result.warnings];
  if (defs) entry.defs = defs;
  return entry;
}
