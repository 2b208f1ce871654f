import { createHash } from 'node:crypto';
import katex from 'katex';
import { diffMacros, macrosFingerprint, replayMacros, snapshotMacros, type MacroDefinitions } from './katex-macros.js';
import { entrySize, toEntry, type CacheEntry, type MathEntry } from './cache-entry.js';

export { entrySize, isCacheEntry, type CacheEntry, type MathEntry } from './cache-entry.js';

/** What KaTeX produced for one equation (the shape `renderTex` returns). */
export interface MathResult {
  html: string;
  /** KaTeX font files the equation uses (see equation-fonts.ts). */
  fonts?: string[];
  error?: string;
  errorPosition?: number;
  warnings: string[];
  /** The cache key the result is kept under (none when it could not be cached). */
  key?: string;
}

export interface CacheStats {
  mathHits: number;
  mathMisses: number;
  /** Time spent on equations (lookups and KaTeX), in ms. */
  mathMs: number;
  codeHits: number;
  codeMisses: number;
  codeMs: number;
  /** Whole documents put back from the cache, and rendered (see document-cache.ts). */
  documentHits: number;
  documentMisses: number;
}

type RenderMath = (tex: string, displayMode: boolean, macros: Record<string, string>) => MathResult;

/** Bump when the shape of entries or keys, or what the renderers output, changes: old caches are then simply missed. */
const FORMAT = 'lemma-render-4';
/** Heap estimate (UTF-16): room for the ~100,000 distinct equations of a 5,000-post blog. */
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024 * 1024;

function hashKey(kind: 'm' | 'c' | 'd' | 'x', ...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return kind + hash.digest('base64url').slice(0, 32);
}

function documentKey(source: string, settings: object): string {
  return hashKey('d', FORMAT, katex.version, JSON.stringify(settings), source);
}

/** Last known fingerprint of a document's macros, valid while every value is the same object. */
interface MacroMemo {
  names: string[];
  values: unknown[];
  fingerprint: string;
}

/**
 * Memo of rendered equations and highlighted code, keyed by everything that changes the
 * output: renderer version and options, display mode, the macros in scope and the TeX
 * (for code: Prism version, language line and code). Entries are plain data, so the
 * build can persist them (`src/build/cache-store.ts`) and worker threads can fill them.
 * Bounded: past `maxBytes` entries are dropped, those the build has not used first.
 */
export class RenderCache {
  private readonly entries = new Map<string, CacheEntry>();
  private fresh: string[] = [];
  private readonly used = new Set<string>();
  /** Keys found again after they were stored or loaded: the entries worth keeping when space runs short. */
  private readonly reused = new Set<string>();
  private readonly macroMemos = new WeakMap<object, MacroMemo>();
  private readonly optionIds = new WeakMap<object, string>();
  private bytes = 0;
  stats: CacheStats = RenderCache.emptyStats();
  enabled = true;

  constructor(public maxBytes = DEFAULT_MAX_BYTES) {}

  static emptyStats(): CacheStats {
    return { mathHits: 0, mathMisses: 0, mathMs: 0, codeHits: 0, codeMisses: 0, codeMs: 0, documentHits: 0, documentMisses: 0 };
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Render an equation through the cache. On a hit, the macros the equation defined when
   * it was first rendered are replayed into `macros`, so later equations see them.
   */
  math(tex: string, displayMode: boolean, macros: Record<string, string>, options: object, render: RenderMath): MathResult {
    if (!this.enabled) return render(tex, displayMode, macros);
    const started = performance.now();
    try {
      const fingerprint = this.macrosFingerprint(macros);
      if (fingerprint === undefined) {
        // A macro KaTeX stored as a function cannot be keyed: render without the cache.
        this.stats.mathMisses++;
        return render(tex, displayMode, macros);
      }
      const key = hashKey('m', FORMAT, katex.version, this.optionsId(options), displayMode ? 'D' : 'T', fingerprint, tex);
      const cached = this.lookup(key);
      if (cached !== undefined && typeof cached !== 'string') {
        this.stats.mathHits++;
        if (cached.defs) {
          replayMacros(macros, cached.defs);
          this.remember(macros);
        }
        return { html: cached.html, fonts: cached.fonts, error: cached.error, errorPosition: cached.errorPosition, warnings: [...(cached.warnings ?? [])], key };
      }
      this.stats.mathMisses++;
      const before = snapshotMacros(macros);
      const result = render(tex, displayMode, macros);
      const after = snapshotMacros(macros);
      const defs = before && after ? diffMacros(before, after) : undefined;
      if (after) this.remember(macros, after);
      else this.macroMemos.delete(macros);
      if (!before || !after) return result;
      this.store(key, toEntry(result, defs));
      return { ...result, key };
    } finally {
      this.stats.mathMs += performance.now() - started;
    }
  }

  /** Highlight a code block through the cache; `highlighter` names the renderer and its version. */
  code(code: string, info: string, highlighter: string, render: () => string): string {
    if (!this.enabled) return render();
    const started = performance.now();
    try {
      const key = hashKey('c', FORMAT, highlighter, info, code);
      const cached = this.lookup(key);
      if (typeof cached === 'string') {
        this.stats.codeHits++;
        return cached;
      }
      this.stats.codeMisses++;
      const html = render();
      this.store(key, html);
      return html;
    } finally {
      this.stats.codeMs += performance.now() - started;
    }
  }

  /**
   * A cached equation by its key (`MathResult.key`), as a hit: counted and kept in use.
   * Undefined when the cache no longer holds it.
   */
  mathEntry(key: string): MathEntry | undefined {
    const entry = this.lookup(key);
    if (entry === undefined || typeof entry === 'string') return undefined;
    this.stats.mathHits++;
    return entry;
  }

  /**
   * An equation's entry with its HTML changed after KaTeX (ids on its numbered lines, a
   * link around it), kept under a key of its own: the base key stands for KaTeX's HTML
   * alone, and a document put back from the cache by it would lose the change.
   * `variant` says what changed; undefined when the base entry is not held.
   */
  decorated(key: string, variant: string, html: string): string | undefined {
    if (!this.enabled) return undefined;
    const base = this.entries.get(key);
    if (base === undefined || typeof base === 'string') return undefined;
    const decoratedKey = hashKey('m', FORMAT, 'decorated', key, variant);
    if (this.lookup(decoratedKey) === undefined) {
      // Only documents put back whole read it, and they replay no macros.
      const { defs, ...rest } = base;
      void defs;
      this.store(decoratedKey, { ...rest, html });
    }
    return decoratedKey;
  }

  /**
   * A value computed from rendered output that is slow to recompute (e.g. a post's
   * reading time, which parses its HTML), cached like a code block under `kind`.
   */
  derived(kind: string, input: string, compute: () => string): string {
    if (!this.enabled) return compute();
    const key = hashKey('x', FORMAT, kind, input);
    const cached = this.lookup(key);
    if (typeof cached === 'string') return cached;
    const value = compute();
    this.store(key, value);
    return value;
  }

  /**
   * Whether a document source was fully rendered before with this KaTeX (then its
   * equations and code are in the cache and need no pre-rendering).
   */
  hasDocument(source: string, settings: object): boolean {
    return this.entries.has(documentKey(source, settings));
  }

  /** `settings`: what else the renderer was given (site macros, numbering). */
  markDocument(source: string, settings: object): void {
    const key = documentKey(source, settings);
    if (!this.entries.has(key)) this.store(key, '');
  }

  /** Add entries loaded from disk or made by a worker (they do not count as new). */
  load(entries: Iterable<[string, CacheEntry]>, options: { fresh?: boolean } = {}): void {
    for (const [key, entry] of entries) {
      if (this.entries.has(key)) continue;
      this.insert(key, entry);
      if (options.fresh) this.fresh.push(key);
    }
  }

  /** Entries added since the last call (what a build has to persist). */
  takeFresh(): [string, CacheEntry][] {
    const fresh = this.fresh.filter((key) => this.entries.has(key)).map((key): [string, CacheEntry] => [key, this.entries.get(key)!]);
    this.fresh = [];
    return fresh;
  }

  /** Keys looked up or added since `resetUsage()`: what the last build needed. */
  usedKeys(): ReadonlySet<string> {
    return this.used;
  }

  resetUsage(): void {
    this.used.clear();
    this.stats = RenderCache.emptyStats();
  }

  clear(): void {
    this.entries.clear();
    this.reused.clear();
    this.fresh = [];
    this.used.clear();
    this.bytes = 0;
  }

  /** Every key, oldest first. */
  allKeys(): IterableIterator<string> {
    return this.entries.keys();
  }

  entriesFor(keys: Iterable<string>): [string, CacheEntry][] {
    const out: [string, CacheEntry][] = [];
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry !== undefined) out.push([key, entry]);
    }
    return out;
  }

  /**
   * An entry, marked as used by this build. Entries are not moved to the end on a hit:
   * on a 5,000-post blog's 100,000 entries, a delete and set per hit took 14 µs, more
   * than the rest of putting a post back together (`evict` spares used entries instead).
   */
  private lookup(key: string): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.used.add(key);
      this.reused.add(key);
    }
    return entry;
  }

  private store(key: string, entry: CacheEntry): void {
    this.used.add(key);
    this.insert(key, entry);
    this.fresh.push(key);
  }

  private insert(key: string, entry: CacheEntry): void {
    this.entries.set(key, entry);
    this.bytes += entrySize(key, entry);
    if (this.bytes > this.maxBytes) this.evict();
  }

  /**
   * Back under the bound, to nine tenths of it so that this runs rarely, oldest first:
   * first the entries this build has not used and that were never found again (an
   * equation met once is likely never met again; one met twice, in many more posts),
   * then those this build has not used, then the oldest of the rest.
   */
  private evict(): void {
    const target = this.maxBytes * 0.9;
    const spare: ((key: string) => boolean)[] = [(key) => this.used.has(key) || this.reused.has(key), (key) => this.used.has(key), () => false];
    for (const isSpared of spare) {
      for (const [key, entry] of this.entries) {
        if (this.bytes <= target) return;
        if (isSpared(key)) continue;
        this.entries.delete(key);
        this.reused.delete(key);
        this.bytes -= entrySize(key, entry);
      }
    }
  }

  private optionsId(options: object): string {
    let id = this.optionIds.get(options);
    // Functions among the options (KaTeX's `trust`) count by their source text.
    if (id === undefined) this.optionIds.set(options, (id = JSON.stringify(options, (_key, value: unknown) => (typeof value === 'function' ? String(value) : value))));
    return id;
  }

  private macrosFingerprint(macros: Record<string, string>): string | undefined {
    const memo = this.macroMemos.get(macros);
    if (memo && sameValues(memo, macros)) return memo.fingerprint;
    return this.remember(macros)?.fingerprint;
  }

  private remember(macros: Record<string, string>, snapshot = snapshotMacros(macros)): MacroMemo | undefined {
    if (!snapshot) {
      this.macroMemos.delete(macros);
      return undefined;
    }
    const names = Object.keys(macros);
    const memo = { names, values: names.map((n) => macros[n]), fingerprint: macrosFingerprint(snapshot) };
    this.macroMemos.set(macros, memo);
    return memo;
  }
}

/**
 * Whether the macros still hold the very values the memo saw. Token objects inside them
 * change only while KaTeX renders, and every render is followed by a fresh snapshot.
 */
function sameValues(memo: MacroMemo, macros: Record<string, unknown>): boolean {
  const names = Object.keys(macros);
  if (names.length !== memo.names.length) return false;
  for (let i = 0; i < names.length; i++) {
    if (names[i] !== memo.names[i] || macros[names[i]] !== memo.values[i]) return false;
  }
  return true;
}

/** The cache the build and the Markdown pipeline share in this process (or worker). */
export const renderCache = new RenderCache();
