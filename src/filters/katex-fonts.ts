import { spanEnd } from '../markdown/span-end.js';
import { mathTable, type MathTable } from '../markdown/math-table.js';
import { equationFonts, equationHtmlFonts } from '../markdown/equation-fonts.js';

export { equationFonts } from '../markdown/equation-fonts.js';

/** Where `<details>` blocks are in the page: what is inside them is not drawn until opened. */
function foldedRanges(html: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (let at = html.indexOf('<details'); at >= 0; at = html.indexOf('<details', at + 1)) {
    const end = html.indexOf('</details>', at);
    ranges.push([at, end < 0 ? html.length : end]);
  }
  return ranges;
}

/** Equations repeat within and across posts; each distinct one is walked once per process. */
const walked = new Map<string, string[]>();
const WALKED_LIMIT = 20_000;

/** Fonts of one equation's visual HTML; may answer from a cache kept across builds. */
export type EquationFontsLookup = (visualHtml: string) => string[];

function memoized(lookup: EquationFontsLookup): EquationFontsLookup {
  return (visualHtml) => {
    let fonts = walked.get(visualHtml);
    if (!fonts) {
      if (walked.size >= WALKED_LIMIT) walked.clear();
      walked.set(visualHtml, (fonts = lookup(visualHtml)));
    }
    return fonts;
  };
}

/**
 * The KaTeX font files a page draws its visible equations with, e.g.
 * `['KaTeX_Main-Regular.woff2', 'KaTeX_Math-Italic.woff2']`, for the layout to preload:
 * fonts that arrive after the first layout reflow the text around the math (layout
 * shift). Equations inside a `<details>` are left out; they load when it is opened.
 * Equations may be in the HTML or, during a build, placeholders into `table`, whose
 * fonts were worked out when they were rendered.
 */
export function katexFonts(html: string, table: MathTable = mathTable, lookup: EquationFontsLookup = equationFonts): string[] {
  const used = new Set<string>();
  const folded = foldedRanges(html);
  const isFolded = (at: number) => folded.some(([from, to]) => at > from && at < to);
  const walk = memoized(lookup);
  const marker = '<span class="katex-html"';
  for (let at = html.indexOf(marker); at >= 0; at = html.indexOf(marker, at + marker.length)) {
    if (isFolded(at)) continue;
    for (const font of walk(html.slice(at, spanEnd(html, at)))) used.add(font);
  }
  for (const { id, at } of table.placeholders(html)) {
    if (isFolded(at)) continue;
    const fonts = table.fonts(id) ?? table.derived('katex-fonts', id, (equation) => equationHtmlFonts(equation, walk));
    for (const font of fonts) used.add(font);
  }
  return [...used].sort();
}
