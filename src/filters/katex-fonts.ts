import { mathTable, type MathTable } from '../markdown/math-table.js';
import { equationFonts, equationHtmlFonts } from '../markdown/equation-fonts.js';
import { spanEnd } from '../markdown/span-end.js';

export { equationFonts };

/** Where `<details>` blocks are in the page: what is inside them is not drawn until opened. */
function foldedRanges(html: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (let at = html.indexOf('<details'); at >= 0; at = html.indexOf('<details', at + 1)) {
    const end = html.indexOf('</details>', at);
    ranges.push([at, end < 0 ? html.length : end]);
  }
  return ranges;
}

/**
 * The KaTeX font files a page draws its visible equations with, e.g.
 * `['KaTeX_Main-Regular.woff2', 'KaTeX_Math-Italic.woff2']`, for the layout to preload:
 * fonts that arrive after the first layout reflow the text around the math (layout
 * shift). Equations inside a `<details>` are left out; they load when it is opened.
 * Equations may be in the HTML or, during a build, placeholders into `table`, whose
 * fonts were worked out when they were rendered.
 */
export function katexFonts(html: string, table: MathTable = mathTable): string[] {
  const used = new Set<string>();
  const folded = foldedRanges(html);
  const isFolded = (at: number) => folded.some(([from, to]) => at > from && at < to);
  const marker = '<span class="katex-html"';
  for (let at = html.indexOf(marker); at >= 0; at = html.indexOf(marker, at + marker.length)) {
    if (!isFolded(at)) for (const font of equationFonts(html.slice(at, spanEnd(html, at)))) used.add(font);
  }
  for (const { id, at } of table.placeholders(html)) {
    if (isFolded(at)) continue;
    // Rendered equations come with their fonts; an error box has none to find.
    for (const font of table.fonts(id) ?? equationHtmlFonts(table.equation(id))) used.add(font);
  }
  return [...used].sort();
}
