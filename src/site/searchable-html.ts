import { spanEnd } from '../markdown/span-end.js';

/**
 * What Pagefind leaves out of every page: KaTeX's visual copy of each equation and its
 * TeX source (MathML's annotation), so an excerpt shows each equation once, as readers
 * read it; heading and copy buttons.
 */
export const EXCLUDE_SELECTORS = ['.katex-html', 'annotation', '.heading-anchor', '.copy-code'];

const VISUAL_MATH = '<span class="katex-html" aria-hidden="true">';
const MATHML = '<span class="katex-mathml">';
// KaTeX escapes `<` and `>` in text and attribute values alike, so a tag ends at the first `>`.
const TAG = /<[^>]*>/g;
/** The TeX source KaTeX keeps in the MathML (one per equation, never nested). */
const ANNOTATION = /<annotation\b[^>]*>[^<]*<\/annotation>/g;

/**
 * The page as Pagefind needs to read it to index exactly what it would index from the
 * whole page, parsed in a fraction of the time (most of a math page is KaTeX's markup):
 * - KaTeX's visual HTML goes, as Pagefind drops it anyway (`excludeSelectors`), only
 *   after parsing it. It nests only spans in spans: its end is found by counting them.
 * - Each equation's MathML keeps only its text, without the TeX annotation. Pagefind indexes the text of MathML's
 *   many small elements run together (none is a block, a link target or an exclusion
 *   to Pagefind, and KaTeX gives them no ids), which is exactly that text.
 * An equation left unclosed is left to Pagefind.
 */
export function searchableHtml(html: string): string {
  return mapSpans(mapSpans(html, VISUAL_MATH, () => ''), MATHML, (span) => `${MATHML}${span.slice(MATHML.length, -'</span>'.length).replace(ANNOTATION, '').replace(TAG, '')}</span>`);
}

/** `html` with each span that starts with `opening` replaced by `replace(span)`. */
function mapSpans(html: string, opening: string, replace: (span: string) => string): string {
  let at = html.indexOf(opening);
  if (at < 0) return html;
  const parts: string[] = [];
  let from = 0;
  for (; at >= 0; at = html.indexOf(opening, from)) {
    const end = spanEnd(html, at);
    if (end >= html.length) break;
    parts.push(html.slice(from, at), replace(html.slice(at, end)));
    from = end;
  }
  parts.push(html.slice(from));
  return parts.join('');
}
