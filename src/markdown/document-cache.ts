import { renderCache } from './render-cache.js';
import { folderVersion } from './code-version.js';
import { documentState, newDocumentState, type DocumentState, type Heading, type LemmaEnv } from './document.js';
import type { Diagnostic } from './diagnostics.js';
import type { MathTable } from './math-table.js';

/**
 * Whole documents through the render cache. A warm build re-renders every page, and
 * parsing Markdown and looking up each equation is most of a post's share of it. A
 * document rendered before with the same source, file, front matter macros, settings,
 * pipeline code and context (see `DocumentCacheOptions`) is put back together from its
 * cached HTML and its equations' cache entries, with the diagnostics and headings it
 * had, exactly as rendering it again would.
 *
 * Only with a math table: the cached HTML is what lies between the equations, each of
 * which is kept once, under its own key, in the equation cache.
 */

/** The Markdown pipeline's code: this folder (and the lockfile, for the libraries it uses). */
const PIPELINE = new URL('.', import.meta.url).href;

export interface DocumentCacheOptions {
  /**
   * Whatever else changes a document's HTML, as text: plugins added to the pipeline
   * after it was made and the data they read (the build's post URLs, for links; the
   * notebooks a document embeds).
   */
  context: (src: string, file: string) => string;
  /** What else one document's HTML depends on, besides its source and front matter `math` (its bibliographies). */
  document?: (env: LemmaEnv) => string;
}

/** A rendered document as cached: HTML around its equations, and what else the render produced. */
interface CachedDocument {
  parts: string[];
  /** The equation cache key of each equation, between `parts`. */
  equations: string[];
  diagnostics: Diagnostic[];
  headings: Heading[];
  mathCount: number;
  /** Code blocks it highlighted: counted again when it is put back, as its equations are. */
  codeBlocks: number;
}

export class DocumentCache {
  constructor(
    private readonly table: MathTable,
    private readonly siteMacros: Record<string, string>,
    /** The pipeline's own options (site macros, numbering), as text. */
    private readonly settings: string,
    private readonly options: DocumentCacheOptions,
  ) {}

  /** The document's HTML: from the cache when it holds it whole, else from `renderFresh` (then cached). */
  render(src: string, env: LemmaEnv, renderFresh: () => string): string {
    if (!renderCache.enabled) return renderFresh();
    const state = newDocumentState(env, this.siteMacros);
    // `math` is the front matter the pipeline reads (macros, numbering).
    const input = JSON.stringify([folderVersion(PIPELINE), this.settings, this.options.context(src, state.file), this.options.document?.(env) ?? '', state.file, state.lineOffset, env.math ?? null, env.bibliography ?? null, src]);
    let fresh: string | undefined;
    const cached = renderCache.derived('document', input, () => {
      const codeBefore = codeLookups();
      fresh = renderFresh();
      return this.capture(fresh, env, codeLookups() - codeBefore);
    });
    if (fresh !== undefined) {
      renderCache.stats.documentMisses++;
      return fresh;
    }
    const restored = this.restore(cached, state);
    if (restored === undefined) {
      renderCache.stats.documentMisses++;
      return renderFresh();
    }
    renderCache.stats.documentHits++;
    return restored;
  }

  /**
   * The rendered document as a cache value; empty when one of its equations is not in
   * the equation cache, or when it has front matter problems (their lines come from the
   * front matter, which the key does not hold).
   */
  private capture(html: string, env: LemmaEnv, codeBlocks: number): string {
    const { parts, ids } = this.table.split(html);
    const equations = ids.map((id) => this.table.cacheKey(id));
    if (equations.some((key) => key === undefined)) return '';
    const { diagnostics, headings, mathCount } = documentState(env, this.siteMacros);
    if (diagnostics.some((d) => d.kind === 'front-matter')) return '';
    const record: CachedDocument = { parts, equations: equations as string[], diagnostics, headings, mathCount, codeBlocks };
    return JSON.stringify(record);
  }

  /**
   * The document back from its cache value, its diagnostics and headings into `state`
   * (still fresh, as rendering would start it); undefined when that cannot be done whole.
   */
  private restore(cached: string, state: DocumentState): string | undefined {
    const record = parseRecord(cached);
    if (!record) return undefined;
    const html = [record.parts[0]];
    for (let i = 0; i < record.equations.length; i++) {
      const key = record.equations[i];
      const entry = renderCache.mathEntry(key);
      if (!entry) return undefined;
      html.push(this.table.placeholder(entry.html, entry.fonts, key), record.parts[i + 1]);
    }
    state.diagnostics.push(...record.diagnostics);
    state.headings.push(...record.headings);
    state.mathCount = record.mathCount;
    renderCache.stats.codeHits += record.codeBlocks;
    return html.join('');
  }
}

/** Code blocks looked up so far (each block rendered is one hit or one miss). */
function codeLookups(): number {
  return renderCache.stats.codeHits + renderCache.stats.codeMisses;
}

function parseRecord(cached: string): CachedDocument | undefined {
  if (!cached) return undefined;
  try {
    const record = JSON.parse(cached) as CachedDocument;
    const wellFormed =
      Array.isArray(record.parts) &&
      Array.isArray(record.equations) &&
      record.parts.length === record.equations.length + 1 &&
      Array.isArray(record.diagnostics) &&
      Array.isArray(record.headings) &&
      typeof record.mathCount === 'number' &&
      typeof record.codeBlocks === 'number';
    return wellFormed ? record : undefined;
  } catch {
    return undefined;
  }
}
