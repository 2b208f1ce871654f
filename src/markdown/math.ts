import katex from 'katex';
// mhchem's \ce and \pu register themselves on this same KaTeX instance.
import 'katex/contrib/mhchem';
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { tex } from '@mdit/plugin-tex';
import { bracketMathPlugin } from './bracket-math.js';
import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import { documentState, fileLine, type DocumentState, type LemmaEnv } from './document.js';
import { annotateInlineLines, displayTexStartLine } from './source-lines.js';
import { renderCache } from './render-cache.js';
import type { MathTable } from './math-table.js';
import { equationHtmlFonts } from './equation-fonts.js';
import { readAsMathJax } from './mathjax-tex.js';

export interface MathPluginOptions {
  /** Site-wide macros, copied into every document (never shared between documents). */
  macros: Record<string, string>;
  /** Put placeholders into the HTML and the equations into this table (see math-table.ts). */
  table?: MathTable;
}

/** The one set of KaTeX options Lemma uses; anything that changes output belongs here. */
export const KATEX_OPTIONS = {
  output: 'htmlAndMathml',
  // Never: no \href, \url, \includegraphics or \html… from a post reaches the page.
  trust: false,
  throwOnError: true,
  globalGroup: true,
} as const;

/**
 * Strict-mode codes not worth a warning: `\\` in display math is how MathJax and
 * LaTeX authors break lines, and KaTeX renders it as they expect.
 */
const QUIET_STRICT_CODES = new Set(['newLineInDisplayMode']);

/**
 * Any character past U+00FF, a surrogate pair as one (astral letters stay whole).
 * Not a `u` regex: matching code units is over twice as fast on KaTeX's output.
 */
const WIDE_CHARACTER = /[\ud800-\udbff][\udc00-\udfff]|[^\u0000-\u00ff]/g;
/** Each wide character's reference, made once: KaTeX repeats a few hundred characters. */
const characterReferences = new Map<number, string>();

function characterReference(char: string): string {
  const codePoint = char.codePointAt(0)!;
  let reference = characterReferences.get(codePoint);
  if (reference === undefined) characterReferences.set(codePoint, (reference = `&#x${codePoint.toString(16).toUpperCase()};`));
  return reference;
}

/**
 * The HTML with every character past U+00FF written as a character reference
 * (`&#x200B;`), which browsers, feed readers and search read as the character itself.
 * V8 then keeps the string one byte a character instead of two: a build holds every
 * distinct equation until its pages are written, and KaTeX puts a zero-width space or
 * a math symbol in nearly all of them, which alone would double that memory.
 */
export function oneByteHtml(html: string): string {
  return html.replace(WIDE_CHARACTER, characterReference);
}

export interface RenderedMath {
  html: string;
  /** The KaTeX font files the equation is drawn with (not for errors). */
  fonts?: string[];
  error?: string;
  /** Offset in the TeX where KaTeX stopped, when it says. */
  errorPosition?: number;
  warnings: string[];
}

/** What to write instead of a command KaTeX does not run for posts (`trust: false`). */
const INSTEAD: Record<string, string> = {
  '\\href': 'put the link outside the math: [text](https://…), with the math inside the brackets if need be',
  '\\url': 'put the URL outside the math: <https://…>',
  '\\includegraphics': 'put the image outside the math: ![description](figure.png)',
};

/** Why a command was refused, and the fix. */
export function refusedCommandMessage(command: string): string {
  const instead = INSTEAD[command] ?? 'math cannot carry HTML attributes; style it in site/assets/css instead';
  return `${command} is not available in math: KaTeX runs with trust: false, so a post cannot put links, images or HTML into an equation. Instead, ${instead}.`;
}

/**
 * Render one equation with the document's macros. Definitions made by the TeX
 * (`\newcommand`, `\gdef`) land in `macros`, so later equations of the same
 * document see them and other documents never do.
 */
export function renderTex(texSource: string, displayMode: boolean, macros: Record<string, string>): RenderedMath {
  const warnings: string[] = [];
  const refused: string[] = [];
  try {
    const html = oneByteHtml(katex.renderToString(texSource, {
      ...KATEX_OPTIONS,
      displayMode,
      macros,
      // Still never trusted; but KaTeX only paints the command red, so note it to report it.
      trust: (context: { command: string }) => {
        refused.push(context.command);
        return KATEX_OPTIONS.trust;
      },
      strict: (code: string, message: string) => {
        if (!QUIET_STRICT_CODES.has(code)) warnings.push(message);
        return 'ignore';
      },
    }));
    if (refused.length) return { html, warnings, error: [...new Set(refused)].map(refusedCommandMessage).join(' ') };
    // Worked out here, once per distinct equation (and in the workers on a cold build).
    return { html, warnings, fonts: equationHtmlFonts(html) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = err instanceof katex.ParseError ? (err as { position?: number }).position : undefined;
    // A visible marker in place of the equation; the build reports and fails on it.
    const html = oneByteHtml(`<span class="katex-error" title="${escapeHtml(message)}">${escapeHtml(texSource)}</span>`);
    return { html, error: message, errorPosition: position, warnings };
  }
}

/**
 * Render a math token and record its problems. `startLine` is the 0-based body line
 * where the TeX itself starts, so an error deep in a multi-line equation is located
 * on the line that holds it.
 */
function renderToken(token: Token, displayMode: boolean, state: DocumentState, startLine: number | undefined): void {
  // Read as MathJax reads it (same line breaks), then through the render cache: a hit
  // replays the macros the equation defined.
  const tex = readAsMathJax(token.content, state.macros);
  const result = renderCache.math(tex, displayMode, state.macros, KATEX_OPTIONS, renderTex);
  state.mathCount += 1;
  const line = fileLine(state, startLine);
  // The author's TeX, before equation numbering rewrote it (same line breaks).
  const source: string = token.meta?.texSource ?? token.content;
  if (result.error) {
    const before = tex.slice(0, result.errorPosition ?? 0);
    const errorLine = line + (before.match(/\n/g)?.length ?? 0);
    state.diagnostics.push({ severity: 'error', kind: 'math', file: state.file, line: errorLine, message: result.error, source });
  }
  for (const message of result.warnings) {
    state.diagnostics.push({ severity: 'warning', kind: 'math', file: state.file, line, message, source });
  }
  token.meta = { ...(token.meta ?? {}), html: result.html, fonts: result.fonts, cacheKey: result.key };
}

function isMathFence(token: Token): boolean {
  return token.type === 'fence' && token.info.trim() === 'math';
}

/**
 * Math for markdown-it: `$…$`, `$$…$$`, `\(…\)`, `\[…\]` (parsed by @mdit/plugin-tex)
 * and ```math fences. Equations are rendered in document order in a core rule, so a
 * macro defined early applies later, and every error is located in the source file.
 */
export function mathPlugin(md: MarkdownIt, options: MathPluginOptions): void {
  // plugin-tex only parses here: rendering happens in the core rule below.
  md.use(tex, { delimiters: 'all', mathFence: false, render: () => '' });
  // Its \(…\) and \[…\] rules, in linear time (src/markdown/bracket-math.ts).
  md.use(bracketMathPlugin);

  md.core.ruler.push('lemma_math', (coreState) => {
    const state = documentState(coreState.env as LemmaEnv, options.macros);
    let srcLines: string[] | undefined;
    for (const token of coreState.tokens) {
      if (token.type === 'math_block' && token.map) {
        srcLines ??= coreState.src.split('\n');
        renderToken(token, true, state, displayTexStartLine(srcLines, token.map[0]));
      } else if (isMathFence(token)) {
        renderToken(token, true, state, (token.map?.[0] ?? 0) + 1);
      } else if (token.type === 'inline' && token.children) {
        annotateInlineLines(token);
        for (const child of token.children) {
          // Inline `$$` holding a display environment is display math (see dollar-math.ts).
          if (child.type === 'math_inline') renderToken(child, child.meta?.display === true, state, child.meta?.line);
        }
      }
    }
  });

  const { table } = options;
  const equation = (token: Token): string => {
    const html: string = token.meta?.html ?? '';
    return table && html ? table.placeholder(html, token.meta?.fonts, token.meta?.cacheKey) : html;
  };
  // A display equation scrolls sideways inside its box when it is wider than the screen;
  // tabindex lets keyboard readers scroll it too, as they can a code block.
  const displayBox = (token: Token) => `<div class="math-display" tabindex="0">${equation(token)}</div>\n`;
  // Display math met inside a paragraph: a span, since a <div> cannot sit in a <p>.
  md.renderer.rules.math_inline = (tokens, idx) =>
    tokens[idx].meta?.display === true ? `<span class="math-display" tabindex="0">${equation(tokens[idx])}</span>` : equation(tokens[idx]);
  md.renderer.rules.math_block = (tokens, idx) => displayBox(tokens[idx]);
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, opts, env, self) =>
    isMathFence(tokens[idx]) ? displayBox(tokens[idx]) : fence(tokens, idx, opts, env, self);
}
