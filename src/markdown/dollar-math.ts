import type MarkdownIt from 'markdown-it';
import { displayEnvironmentInline } from './mathjax-tex.js';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';

/**
 * `$$…$$` the way Kramdown (Jekyll) and GitHub agree on it:
 * - on lines of its own (`$$` opens a line and the closing `$$` ends one), it is a
 *   display equation, even right after a line of text;
 * - anywhere else inside a paragraph (`… where $$x$$ is …`, or a paragraph that
 *   starts or ends with one), it is inline math, as Kramdown renders it.
 */

/** Index of the next unescaped `$$` at or after `from` in `text`, or -1. */
export function findClosingDollars(text: string, from: number): number {
  for (let i = text.indexOf('$$', from); i !== -1; i = text.indexOf('$$', i + 1)) {
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
  return -1;
}

const QUARTO_LABEL = /^\{#(eq-[A-Za-z0-9_:.-]+)\}$/;

function displayDollarsRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine] + state.tShift[startLine];
  if (!state.src.startsWith('$$', start)) return false;

  for (let line = startLine; line < endLine; line++) {
    const lineStart = line === startLine ? start + 2 : state.bMarks[line] + state.tShift[line];
    const lineEnd = state.eMarks[line];
    if (line > startLine && lineStart < lineEnd && state.sCount[line] < state.blkIndent) return false;
    const text = state.src.slice(lineStart, lineEnd);
    const close = findClosingDollars(text, 0);
    if (close === -1) continue;
    // `$$a$$ and more` is not a display block: the paragraph renders it inline.
    // Quarto labels a display equation after its closing `$$`: `$$ … $$ {#eq-x}`.
    const after = text.slice(close + 2).trim();
    const quarto = QUARTO_LABEL.exec(after);
    if (after !== '' && !quarto) return false;
    if (silent) return true;

    const opener = state.src.slice(start + 2, state.eMarks[startLine]);
    let content: string;
    if (line === startLine) {
      content = `${opener.slice(0, close)}\n`;
    } else {
      const firstLine = opener.trim() === '' ? '' : `${opener}\n`;
      const lastLine = text.slice(0, close);
      content = firstLine + state.getLines(startLine + 1, line, state.sCount[startLine], true) + (lastLine.trim() ? `${lastLine}\n` : '');
    }
    const token = state.push('math_block', 'math', 0);
    token.block = true;
    token.content = content;
    token.map = [startLine, line + 1];
    token.markup = '$$';
    if (quarto) token.meta = { quartoLabel: quarto[1] };
    state.line = line + 1;
    return true;
  }
  return false;
}

/** Inline `$$…$$` inside a paragraph: inline math (Kramdown). */
function inlineDollarsRule(state: StateInline, silent: boolean): boolean {
  if (!state.src.startsWith('$$', state.pos)) return false;
  const close = findClosingDollars(state.src, state.pos + 2);
  if (close === -1 || state.src.slice(state.pos + 2, close).trim() === '') return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.markup = '$$';
    token.content = state.src.slice(state.pos + 2, close);
    // `$$\begin{align*}…$$` mid-paragraph: MathJax shows the environment as display math.
    if (displayEnvironmentInline(token.content)) token.meta = { ...(token.meta ?? {}), display: true };
  }
  state.pos = close + 2;
  return true;
}

/**
 * `$10 and \`$HOME\`` is a price and code, not math: a single `$` whose closing
 * `$` lies beyond a backtick would swallow a code span, so it stays text (MathJax
 * never sees inside code either).
 */
function dollarBeforeCodeRule(state: StateInline, silent: boolean): boolean {
  if (state.src[state.pos] !== '$' || state.src[state.pos + 1] === '$') return false;
  let close = -1;
  for (let i = state.src.indexOf('$', state.pos + 1); i !== -1; i = state.src.indexOf('$', i + 1)) {
    let backslashes = 0;
    for (let j = i - 1; state.src[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 0) {
      close = i;
      break;
    }
  }
  if (close === -1 || !state.src.slice(state.pos + 1, close).includes('`')) return false;
  if (!silent) state.pending += '$';
  state.pos += 1;
  return true;
}

export function dollarMathPlugin(md: MarkdownIt): void {
  // Replaces @mdit/plugin-tex's `$$` block rule, which swallows the text after an
  // inline `$$a$$` at the start of a paragraph up to the next `$$` line.
  md.block.ruler.before('math_block_dollar', 'math_block_dollar_lines', displayDollarsRule, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.block.ruler.disable('math_block_dollar');
  md.inline.ruler.before('math_inline_dollar', 'math_inline_double_dollar', inlineDollarsRule);
  md.inline.ruler.before('math_inline_dollar', 'math_inline_dollar_code_guard', dollarBeforeCodeRule);
}
