import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';

/**
 * Math in raw HTML, typeset where MathJax would typeset it. MathJax blogs wrap display
 * math in HTML to keep Markdown away from it (`<div>$$ … $$</div>`), put equations in
 * `<td>`s and `<p>`s, and a line after a lone `<br/>` or `<a name="x"/>` is part of the
 * HTML block Markdown passes through untouched; MathJax then finds the math in the page's
 * text. This rule does the same with each HTML block: in its text (never inside a tag's
 * attributes, a comment, or `<pre>`, `<code>`, `<script>`, `<style>`, `<textarea>`) it
 * cuts out each display equation (`$$…$$`, `\[…\]`, an environment) into a `math_block`
 * token, and each inline one (`$…$`, `\(…\)`) into a `math_inline` token, so it is
 * numbered, rendered and reported like any other.
 */

/** `$$…$$`, `\[…\]` or a `\begin{env}…\end{env}` in HTML text. */
const DISPLAY_MATH = /(?<!\\)\$\$([\s\S]+?)(?<!\\)\$\$|\\\[([\s\S]+?)\\\]|\\begin\{([a-zA-Z]+\*?)\}[\s\S]*?\\end\{\3\}/g;

/**
 * `$…$` as the Markdown rule reads it (opens before a non-space, closes after one and
 * not before a digit, so "$5 and $10" stays text), or `\(…\)`.
 */
const INLINE_MATH = /(?<![\\$])\$(?=[^\s$])((?:\\[\s\S]|[^$\\])*?[^\s\\])\$(?![0-9$])|\\\(([\s\S]+?)\\\)/g;

/** Could the block hold math at all? Most HTML blocks hold none, and this test is all they cost. */
const MAY_HOLD_MATH = /\$|\\\[|\\\(|\\begin\{/;

/** Elements whose content is never math. */
const RAW_ELEMENTS = new Set(['pre', 'code', 'script', 'style', 'textarea', 'kbd', 'samp']);

/** What MathJax sees of the common character references in the text: the characters. */
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&apos;': "'", '&nbsp;': '\u00a0' };

function countLines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** `[start, end)` ranges of the HTML's text: outside tags, comments and raw elements. */
export function htmlTextRanges(html: string): [number, number][] {
  const ranges: [number, number][] = [];
  let textStart = 0;
  let i = 0;
  while (i < html.length) {
    // As the browser's parser reads it: `<` starts a tag only before a letter, `/`, `!` or `?`.
    if (html[i] !== '<' || !/[a-zA-Z/!?]/.test(html[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (i > textStart) ranges.push([textStart, i]);
    let end: number;
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      end = close === -1 ? html.length : close + 3;
    } else {
      end = tagEnd(html, i);
      const name = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(i, i + 40))?.[1]?.toLowerCase();
      if (name && RAW_ELEMENTS.has(name) && html[end - 2] !== '/') {
        const close = html.toLowerCase().indexOf(`</${name}`, end);
        end = close === -1 ? html.length : tagEnd(html, close);
      }
    }
    i = textStart = end;
  }
  if (textStart < html.length) ranges.push([textStart, html.length]);
  return ranges;
}

/** Just after the `>` closing the tag at `start`, quoted attribute values skipped. */
function tagEnd(html: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < html.length; i++) {
    const ch = html[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i + 1;
  }
  return html.length;
}

interface FoundMath {
  start: number;
  end: number;
  tex: string;
  display: boolean;
  markup: string;
}

/** Every equation in the HTML's text, in order; display ones first claim their span. */
function findMath(html: string): FoundMath[] {
  const found: FoundMath[] = [];
  for (const [from, to] of htmlTextRanges(html)) {
    const text = html.slice(from, to);
    const taken: [number, number][] = [];
    for (const match of text.matchAll(DISPLAY_MATH)) {
      const start = from + match.index;
      let tex = match[1] ?? match[2] ?? match[0];
      // `$$` or `\[` alone on its line: the TeX starts on the next line (as the math rule expects).
      const openerLine = html.slice(html.lastIndexOf('\n', start - 1) + 1, start);
      if (match[3] === undefined && openerLine.trim() === '' && /^[ \t]*\n/.test(tex)) tex = tex.replace(/^[ \t]*\n/, '');
      const markup = match[1] !== undefined ? '$$' : match[2] !== undefined ? '\\[' : '\\begin';
      found.push({ start, end: start + match[0].length, tex, display: true, markup });
      taken.push([match.index, match.index + match[0].length]);
    }
    for (const match of text.matchAll(INLINE_MATH)) {
      const at = match.index;
      if (taken.some(([s, e]) => at < e && at + match[0].length > s)) continue;
      const tex = (match[1] ?? match[2]).replace(/&(?:lt|gt|amp|quot|#39|apos|nbsp);/g, (e) => ENTITIES[e]);
      found.push({ start: from + at, end: from + at + match[0].length, tex, display: false, markup: match[1] !== undefined ? '$' : '\\(' });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The HTML block as HTML, display-math and (for a stretch holding inline math) inline
 * tokens, each with its source lines.
 */
function splitHtmlBlock(token: Token, coreState: StateCore, found: FoundMath[]): Token[] {
  const pieces: Token[] = [];
  const content = token.content;
  const firstLine = token.map?.[0] ?? 0;
  const lineAt = (offset: number) => firstLine + countLines(content.slice(0, offset));

  /** HTML from `start` to `end`, with the inline equations in it. */
  const stretch = (start: number, end: number, inline: FoundMath[]) => {
    const text = content.slice(start, end);
    if (text.trim() === '') return;
    const line = lineAt(start);
    const map: [number, number] = [line, line + countLines(text) + 1];
    if (inline.length === 0) {
      const piece = new coreState.Token('html_block', '', 0);
      piece.content = text;
      piece.block = true;
      piece.map = map;
      pieces.push(piece);
      return;
    }
    const holder = new coreState.Token('inline', '', 0);
    holder.content = text;
    holder.map = map;
    holder.block = true;
    holder.children = [];
    let pos = start;
    const html = (to: number) => {
      if (to <= pos) return;
      const piece = new coreState.Token('html_inline', '', 0);
      piece.content = content.slice(pos, to);
      holder.children!.push(piece);
    };
    for (const math of inline) {
      html(math.start);
      const child = new coreState.Token('math_inline', 'math', 0);
      child.content = math.tex;
      child.markup = math.markup;
      holder.children.push(child);
      pos = math.end;
    }
    html(end);
    pieces.push(holder);
  };

  let pos = 0;
  let inline: FoundMath[] = [];
  for (const math of found) {
    if (!math.display) {
      inline.push(math);
      continue;
    }
    stretch(pos, math.start, inline);
    inline = [];
    const block = new coreState.Token('math_block', 'math', 0);
    block.block = true;
    block.content = math.tex;
    block.markup = math.markup;
    const line = lineAt(math.start);
    block.map = [line, line + countLines(content.slice(math.start, math.end)) + 1];
    pieces.push(block);
    pos = math.end;
  }
  stretch(pos, content.length, inline);
  return pieces;
}

export function htmlMathPlugin(md: MarkdownIt): void {
  md.core.ruler.before('lemma_equations', 'lemma_html_math', (coreState) => {
    if (!coreState.tokens.some((t) => t.type === 'html_block')) return;
    coreState.tokens = coreState.tokens.flatMap((token) => {
      if (token.type !== 'html_block' || !MAY_HOLD_MATH.test(token.content)) return [token];
      const found = findMath(token.content);
      return found.length ? splitHtmlBlock(token, coreState, found) : [token];
    });
  });
}
