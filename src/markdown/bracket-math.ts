import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';

/**
 * `\(…\)` and `\[…\]` as @mdit/plugin-tex reads them, in time linear in the input
 * (give or take a logarithm). Its rules look for the closing delimiter from every
 * opening one to the end of the text, so a line of 300 KB of `\(` took minutes, and
 * many lines opening `\[` with no `\]` grew just as fast. Here, where the closers are
 * is found once per text and looked up by binary search.
 */

const BACKSLASH = 92;

/** Number of backslashes just before `pos`, not looking before `floor`. */
function backslashesBefore(src: string, pos: number, floor = 0): number {
  let count = 0;
  for (let i = pos - 1; i >= floor && src.charCodeAt(i) === BACKSLASH; i--) count++;
  return count;
}

/** First element of sorted `values` that is ≥ `min`, or undefined. */
function firstAtLeast(values: number[], min: number): number | undefined {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < min) lo = mid + 1;
    else hi = mid;
  }
  return values[lo];
}

/** Positions of every `\)` in `src` (the backslash), in order: computed once per text. */
let closersOf: { src: string; positions: number[] } | undefined;
function closingParens(src: string): number[] {
  if (closersOf?.src !== src) {
    const positions: number[] = [];
    for (let i = src.indexOf('\\)'); i !== -1; i = src.indexOf('\\)', i + 1)) positions.push(i);
    closersOf = { src, positions };
  }
  return closersOf.positions;
}

/** `\(…\)` inline: the first `\)` after the opener that is not itself escaped. */
function inlineParenRule(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  const { src } = state;
  if (src.charCodeAt(start) !== BACKSLASH || src.charCodeAt(start + 1) !== 40) return false;
  if (backslashesBefore(src, start) % 2 === 1) return false;
  const closers = closingParens(src);
  let close: number | undefined;
  for (let from = start + 2; (close = firstAtLeast(closers, from)) !== undefined; from = close + 1) {
    // `\\)` is a line break then `)`: the backslashes between opener and closer decide.
    if (backslashesBefore(src, close, start + 2) % 2 === 0) break;
  }
  if (close === undefined) return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.markup = '\\(';
    token.content = src.slice(start + 2, close);
  }
  state.pos = close + 2;
  return true;
}

/** Lines of a block state ending with `\]`, in order: computed once per state. */
const closingLines = new WeakMap<StateBlock, number[]>();
function linesEndingWithBracket(state: StateBlock): number[] {
  let lines = closingLines.get(state);
  if (!lines) {
    lines = [];
    for (let line = 0; line < state.lineMax; line++) {
      const start = state.bMarks[line] + state.tShift[line];
      const end = state.skipSpacesBack(state.eMarks[line], start);
      if (end - start >= 2 && state.src.charCodeAt(end - 1) === 93 && state.src.charCodeAt(end - 2) === BACKSLASH) lines.push(line);
    }
    closingLines.set(state, lines);
  }
  return lines;
}

/** Non-empty lines indented less than the current block (where a container ends), per indent. */
const lessIndented = new WeakMap<StateBlock, Map<number, number[]>>();
function lessIndentedLines(state: StateBlock): number[] {
  let byIndent = lessIndented.get(state);
  if (!byIndent) lessIndented.set(state, (byIndent = new Map()));
  let lines = byIndent.get(state.blkIndent);
  if (!lines) {
    lines = [];
    for (let line = 0; line < state.lineMax; line++) {
      if (state.bMarks[line] + state.tShift[line] < state.eMarks[line] && state.tShift[line] < state.blkIndent) lines.push(line);
    }
    byIndent.set(state.blkIndent, lines);
  }
  return lines;
}

/** `\[…\]` display block, as plugin-tex reads it: from a line opening `\[` to the first line ending `\]`. */
function blockBracketRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const max = state.eMarks[startLine];
  if (state.src.charCodeAt(start) !== BACKSLASH || state.src.charCodeAt(start + 1) !== 91) return false;
  if (silent) return true;
  const lastChar = state.skipSpacesBack(max, start);
  let firstLine: string;
  let found = false;
  if (lastChar - (start + 2) >= 2 && state.src.charCodeAt(lastChar - 1) === 93 && state.src.charCodeAt(lastChar - 2) === BACKSLASH) {
    firstLine = state.src.slice(start + 2, lastChar - 2);
    found = true;
  } else {
    firstLine = state.src.slice(start + 2, max);
  }
  let next = startLine;
  let lastLine = '';
  if (!found) {
    // The first line after this one that ends with `\]`, unless the block ends first (a less indented line).
    const candidate = firstAtLeast(linesEndingWithBracket(state), startLine + 1);
    if (candidate === undefined || candidate >= endLine) return false;
    const blockEnd = firstAtLeast(lessIndentedLines(state), startLine + 1);
    if (blockEnd !== undefined && blockEnd <= candidate) return false;
    next = candidate;
    const lineStart = state.bMarks[next] + state.tShift[next];
    lastLine = state.src.slice(lineStart, state.skipSpacesBack(state.eMarks[next], lineStart) - 2).trimEnd();
    found = true;
  }
  if (!found) return false;
  state.line = next + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = (firstLine ? `${firstLine}\n` : '') + state.getLines(startLine + 1, next, state.tShift[startLine], true) + (lastLine ? `${lastLine}\n` : '');
  token.map = [startLine, state.line];
  token.markup = '\\[';
  return true;
}

/** Replace plugin-tex's `\(…\)` and `\[…\]` rules (registered by `md.use(tex, …)` before this). */
export function bracketMathPlugin(md: MarkdownIt): void {
  md.inline.ruler.at('math_inline_bracket', inlineParenRule);
  md.block.ruler.at('math_block_bracket', blockBracketRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}
