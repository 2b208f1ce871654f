/**
 * The end of the `<span>` element that starts at `start` in KaTeX's HTML, found without
 * parsing: KaTeX nests only spans in spans (its SVGs hold no spans), always closed.
 */
export function spanEnd(html: string, start: number): number {
  let depth = 0;
  let at = start;
  for (;;) {
    const open = html.indexOf('<span', at);
    const close = html.indexOf('</span>', at);
    if (close < 0) return html.length;
    if (open >= 0 && open < close) {
      depth++;
      at = open + 5;
    } else {
      depth--;
      at = close + 7;
      if (depth === 0) return at;
    }
  }
}
