import { Parser } from 'htmlparser2';
import { spanEnd } from '../markdown/span-end.js';
import { renderCache } from '../markdown/render-cache.js';
import { sourceVersion } from '../markdown/code-version.js';
import { mathTable, type MathTable } from '../markdown/math-table.js';

const WORDS_PER_MINUTE = 220;
/** An equation takes about as long to read as a few words. */
const WORDS_PER_EQUATION = 5;

/**
 * Minutes to read a rendered post. Counts words of prose and code, and each
 * equation as a few words (KaTeX's markup would otherwise count many times over).
 * During a build, equations are placeholders into `table`: each counts as one.
 */
export function readingMinutes(pageHtml: string, table: MathTable = mathTable): number {
  const html = table.expand(pageHtml, () => EMPTY_EQUATION);
  // Lists and the post page ask for the same post: parse each HTML once per build, and
  // keep the answer in the render cache for the next build.
  let minutes = recent.get(html);
  if (minutes === undefined) {
    minutes = cachedReadingMinutes(html);
    if (recent.size >= RECENT_LIMIT) recent.clear();
    recent.set(html, minutes);
  }
  return minutes;
}

/**
 * Work out a rendered document's reading time into the render cache, where the build
 * will look for it (the cold build's pre-render threads, which render posts whole).
 */
export function prepareReadingMinutes(pageHtml: string, table: MathTable): void {
  cachedReadingMinutes(table.expand(pageHtml, () => EMPTY_EQUATION));
}

function cachedReadingMinutes(html: string): number {
  return Number(renderCache.derived(VERSION, html, () => String(countReadingMinutes(html))));
}

const VERSION = `reading-minutes ${sourceVersion(import.meta.url)}`;
const RECENT_LIMIT = 4096;
const recent = new Map<string, number>();

/** KaTeX's wrapper around each rendered equation (its contents count as one equation, never as words). */
const EQUATION_START = '<span class="katex">';
const EMPTY_EQUATION = `${EQUATION_START}</span>`;
/**
 * Where that text could be something other than an element: raw text, comments, CDATA,
 * single-quoted attribute values. Pages with any of these are parsed whole.
 */
const NOT_ONLY_ELEMENTS = /<(?:script|style|title|textarea)\b|<!--|<!\[CDATA\[|='/i;

/**
 * KaTeX's markup is most of a math post's HTML, and none of it is read as words: each
 * equation is emptied (`<span class="katex"></span>` counts exactly as the full one
 * does) so the parser walks only the prose. Equations nest only spans in spans.
 */
function withoutEquationMarkup(html: string): string {
  if (!html.includes(EQUATION_START) || NOT_ONLY_ELEMENTS.test(html)) return html;
  const parts: string[] = [];
  let from = 0;
  for (let at = html.indexOf(EQUATION_START); at >= 0; at = html.indexOf(EQUATION_START, from)) {
    parts.push(html.slice(from, at), EQUATION_START, '</span>');
    from = spanEnd(html, at);
  }
  parts.push(html.slice(from));
  return parts.join('');
}

function countReadingMinutes(html: string): number {
  let words = 0;
  let mathDepth = 0;
  const stack: boolean[] = [];
  const parser = new Parser(
    {
      onopentag(_name, attrs) {
        const classes = (attrs.class ?? '').split(/\s+/);
        const isMath = classes.includes('katex') || classes.includes('katex-error');
        if (isMath && mathDepth === 0) words += WORDS_PER_EQUATION;
        stack.push(isMath);
        if (isMath) mathDepth++;
      },
      onclosetag() {
        if (stack.pop()) mathDepth--;
      },
      ontext(text) {
        if (mathDepth === 0) words += text.split(/\s+/).filter(Boolean).length;
      },
    },
    { decodeEntities: true },
  );
  parser.end(withoutEquationMarkup(html));
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
