import { randomBytes } from 'node:crypto';

/**
 * Rendered equations kept out of the pages until they are written.
 *
 * KaTeX's HTML is most of a math blog's bytes (about 150 KB of a 1,000-word post with
 * 50 equations). Eleventy keeps every page's content and every written page in memory
 * until the build ends, and its layouts and filters copy them around; with the math in
 * place, a 1,000-post blog needs twice the memory and a third more time. So during the
 * build each equation is a short placeholder comment that points into this table, and
 * the pages are completed when written (`src/build/write-math.ts`). Filters that look at
 * the math (fonts, reading time, feeds) read it from here.
 *
 * Placeholders carry a random per-process token, so text an author wrote can never
 * be mistaken for one.
 */
export class MathTable {
  private readonly ids = new Map<string, number>();
  private readonly html: string[] = [];
  /** The KaTeX font files of each equation, when its renderer said (see equation-fonts.ts). */
  private readonly fontFiles: (readonly string[] | undefined)[] = [];
  /** The render-cache key of each equation, when it came through the cache (see document-cache.ts). */
  private readonly cacheKeys: (string | undefined)[] = [];
  private readonly token = randomBytes(6).toString('hex');
  private readonly prefix = `<!--lemma-math:${this.token}:`;
  private readonly pattern = new RegExp(`<!--lemma-math:${this.token}:(\\d+)-->`, 'g');

  /** The placeholder for this equation's HTML (the same HTML always gets the same one). */
  placeholder(html: string, fonts?: readonly string[], cacheKey?: string): string {
    let id = this.ids.get(html);
    if (id === undefined) {
      id = this.html.length;
      this.html.push(html);
      this.fontFiles.push(fonts);
      this.cacheKeys.push(cacheKey);
      this.ids.set(html, id);
    } else if (cacheKey !== undefined) {
      this.cacheKeys[id] ??= cacheKey;
    }
    return `${this.prefix}${id}-->`;
  }

  /** The render-cache key the equation came with, if any. */
  cacheKey(id: number): string | undefined {
    return this.cacheKeys[id];
  }

  /** The text split at its placeholders: the text between them and their ids, in order. */
  split(text: string): { parts: string[]; ids: number[] } {
    const parts: string[] = [];
    const ids: number[] = [];
    let from = 0;
    for (const { id, at, length } of this.placeholderSpans(text)) {
      parts.push(text.slice(from, at));
      ids.push(id);
      from = at + length;
    }
    parts.push(text.slice(from));
    return { parts, ids };
  }

  /** The KaTeX font files the equation is drawn with, if they were given with it. */
  fonts(id: number): readonly string[] | undefined {
    return this.fontFiles[id];
  }

  /** Whether the text holds any placeholder of this table. */
  has(text: string): boolean {
    return text.includes(this.prefix);
  }

  /** The equation HTML behind a placeholder id. */
  equation(id: number): string {
    const html = this.html[id];
    if (html === undefined) throw new Error(`No equation ${id} in this build's math table (a page rendered by another build?)`);
    return html;
  }

  /**
   * The text with every placeholder replaced by its equation, or by what `replace`
   * makes of it (feeds and the search index want less than the full HTML).
   */
  expand(text: string, replace: (html: string, id: number) => string = (html) => html): string {
    if (!this.has(text)) return text;
    return text.replace(this.pattern, (_, id: string) => replace(this.equation(Number(id)), Number(id)));
  }

  /** Each placeholder in the text: its equation id and where it starts. */
  *placeholders(text: string): Generator<{ id: number; at: number }> {
    for (const { id, at } of this.placeholderSpans(text)) yield { id, at };
  }

  private *placeholderSpans(text: string): Generator<{ id: number; at: number; length: number }> {
    if (!this.has(text)) return;
    for (const match of text.matchAll(this.pattern)) yield { id: Number(match[1]), at: match.index, length: match[0].length };
  }

  /** Equations held (distinct HTML strings). */
  get size(): number {
    return this.html.length;
  }

  /** Forget every equation: only when no page that points here is still to be written. */
  clear(): void {
    this.ids.clear();
    this.html.length = 0;
    this.fontFiles.length = 0;
    this.cacheKeys.length = 0;
  }
}

/** The build's table: the Markdown renderer fills it, filters and the page writer read it. */
export const mathTable = new MathTable();
