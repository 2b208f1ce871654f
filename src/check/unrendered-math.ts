/** TeX found as plain text on a page: what to show, and what to look for in the source. */
export interface UnrenderedMath {
  /** The leftover text, shortened for the message. */
  snippet: string;
  /** Strings to find in the source: the line of text around it, then the leftover itself. */
  needles: string[];
}

const MAX_SNIPPET = 60;

/** TeX a writer uses inside `$…$`; prose with two prices in it has none of this. */
const TEX_HINT = /[\\^_{}]/;
const SINGLE_SYMBOL = /^[A-Za-z]$/;

/**
 * Math delimiters left in a run of page text outside code: `$$`, `\(`, `\[`,
 * `\begin{…}`, and `$…$` spans that look like TeX. On a rendered page these only
 * survive where the Markdown parser never saw a delimiter (raw HTML blocks, an
 * unclosed or escaped delimiter), so each one is an equation readers see as source.
 */
export function findUnrenderedMath(text: string): UnrenderedMath[] {
  if (!text.includes('$') && !text.includes('\\')) return [];
  const found: { at: number; end: number; needles: string[] }[] = [];
  const claimed = (at: number) => found.some((f) => at >= f.at && at < f.end);

  for (const match of text.matchAll(/\$\$|\\\(|\\\[|\\begin\{[A-Za-z*]+\}/g)) {
    if (claimed(match.index)) continue;
    const opener = match[0];
    const closer = opener === '$$' ? '$$' : opener === '\\(' ? '\\)' : opener === '\\[' ? '\\]' : opener.replace('begin', 'end');
    const close = text.indexOf(closer, match.index + opener.length);
    const end = close >= 0 ? close + closer.length : match.index + opener.length;
    // Unclosed: the rest of its line is what the author wrote after the opener.
    const written = (close >= 0 ? text.slice(match.index, end) : text.slice(match.index)).split('\n')[0].trimEnd();
    found.push({ at: match.index, end: close >= 0 ? end : match.index + written.length, needles: [lineAround(text, match.index), written] });
  }

  // Single dollars, paired left to right; a pair that is not TeX lets its closer open the next.
  const dollars: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$' || claimed(i)) continue;
    if (text[i + 1] === '$' || text[i - 1] === '$' || text[i - 1] === '\\') continue;
    dollars.push(i);
  }
  for (let k = 0; k + 1 < dollars.length; k++) {
    const content = text.slice(dollars[k] + 1, dollars[k + 1]).trim();
    if (content && content.length <= 200 && (TEX_HINT.test(content) || SINGLE_SYMBOL.test(content))) {
      const span = text.slice(dollars[k], dollars[k + 1] + 1);
      found.push({ at: dollars[k], end: dollars[k + 1] + 1, needles: [lineAround(text, dollars[k]), span] });
      k++;
    }
  }

  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => {
      const whole = text.slice(f.at, f.end).replace(/\s+/g, ' ');
      return { snippet: whole.length > MAX_SNIPPET ? `${whole.slice(0, MAX_SNIPPET)}…` : whole, needles: f.needles };
    });
}

/** The line of `text` that holds `at`, trimmed: prose around the TeX, as the author wrote it. */
function lineAround(text: string, at: number): string {
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  return text.slice(start, end < 0 ? undefined : end).trim();
}
