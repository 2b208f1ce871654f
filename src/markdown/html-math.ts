import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';

/**
 * Jekyll and Hugo authors wrap display math in raw HTML (`<div>$$ … $$</div>`) to
 * keep Markdown away from it; MathJax then renders it in the page. Markdown passes
 * an HTML block through untouched, so this rule cuts each display equation out of
 * it into a `math_block` token of its own: it is then numbered, rendered and
 * reported like any other. Inline `$…$` in raw HTML is left alone (the checker
 * reports it if it reaches readers as TeX).
 */

/** `$$…$$`, `\[…\]` or a `\begin{env}…\end{env}` in HTML text. */
const DISPLAY_MATH = /(?<!\\)\$\$([\s\S]+?)(?<!\\)\$\$|\\\[([\s\S]+?)\\\]|\\begin\{([a-zA-Z]+\*?)\}[\s\S]*?\\end\{\3\}/g;

const HAS_DISPLAY_MATH = new RegExp(DISPLAY_MATH.source);

/** Blocks whose text is never math: code, scripts, styles, comments. */
const RAW_BLOCK = /^\s*<(pre|code|script|style|textarea|!--)/i;

function countLines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The HTML block as alternating HTML and display-math tokens, each with its source lines. */
function splitHtmlBlock(token: Token, coreState: StateCore): Token[] {
  const pieces: Token[] = [];
  const firstLine = token.map?.[0] ?? 0;
  let pos = 0;
  const html = (end: number) => {
    const text = token.content.slice(pos, end);
    if (text.trim() === '') return;
    const piece = new coreState.Token('html_block', '', 0);
    piece.content = text;
    piece.block = true;
    const line = firstLine + countLines(token.content.slice(0, pos));
    piece.map = [line, line + countLines(text) + 1];
    pieces.push(piece);
  };
  for (const match of token.content.matchAll(DISPLAY_MATH)) {
    const start = match.index;
    html(start);
    const line = firstLine + countLines(token.content.slice(0, start));
    // `$$` or `\[` alone on its line: the TeX starts on the next line (as the math rule expects).
    let tex = match[1] ?? match[2] ?? match[0];
    const openerLine = token.content.slice(token.content.lastIndexOf('\n', start - 1) + 1, start);
    if (match[3] === undefined && openerLine.trim() === '' && /^[ \t]*\n/.test(tex)) tex = tex.replace(/^[ \t]*\n/, '');
    const math = new coreState.Token('math_block', 'math', 0);
    math.block = true;
    math.content = tex;
    math.markup = match[1] !== undefined ? '$$' : match[2] !== undefined ? '\\[' : '\\begin';
    math.map = [line, line + countLines(match[0]) + 1];
    pieces.push(math);
    pos = start + match[0].length;
  }
  html(token.content.length);
  return pieces;
}

export function htmlMathPlugin(md: MarkdownIt): void {
  md.core.ruler.before('lemma_equations', 'lemma_html_math', (coreState) => {
    if (!coreState.tokens.some((t) => t.type === 'html_block')) return;
    coreState.tokens = coreState.tokens.flatMap((token) => {
      if (token.type !== 'html_block' || RAW_BLOCK.test(token.content)) return [token];
      return HAS_DISPLAY_MATH.test(token.content) ? splitHtmlBlock(token, coreState) : [token];
    });
  });
}
