import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import { commands, readGroup } from './tex-scan.js';

/**
 * The AMS display environments MathJax renders wherever they appear, and how each
 * maps onto KaTeX. `rows`: numbered per row (`\\` separated) or once for the whole.
 * `katex`: the starred environment KaTeX renders it with; numbers are added as
 * explicit `\tag`s at build time, so KaTeX's own (CSS counter) numbering never runs.
 */
export interface DisplayEnvironment {
  numbering: 'rows' | 'once';
  katex: string;
  /** eqnarray's `a &=& b` has three cells; align wants `a &= b`. */
  mergeMiddleCell?: boolean;
}

export const DISPLAY_ENVIRONMENTS: Readonly<Record<string, DisplayEnvironment>> = {
  equation: { numbering: 'once', katex: 'equation*' },
  align: { numbering: 'rows', katex: 'align*' },
  alignat: { numbering: 'rows', katex: 'alignat*' },
  gather: { numbering: 'rows', katex: 'gather*' },
  // KaTeX has no multline or flalign: the same lines, centred / aligned.
  multline: { numbering: 'once', katex: 'gather*' },
  flalign: { numbering: 'rows', katex: 'align*' },
  eqnarray: { numbering: 'rows', katex: 'align*', mergeMiddleCell: true },
};

/** `align*` → { base: 'align', starred: true }; undefined for other environments. */
export function displayEnvironment(name: string): { base: string; starred: boolean; env: DisplayEnvironment } | undefined {
  const starred = name.endsWith('*');
  const base = starred ? name.slice(0, -1) : name;
  const env = Object.hasOwn(DISPLAY_ENVIRONMENTS, base) ? DISPLAY_ENVIRONMENTS[base] : undefined;
  return env ? { base, starred, env } : undefined;
}

/** Where a display environment sits in an equation's TeX. */
export interface OuterEnvironment {
  name: string;
  /** `\begin{name}` (and alignat's `{n}`): replaced to rename the environment. */
  beginStart: number;
  beginNameStart: number;
  beginNameEnd: number;
  bodyStart: number;
  bodyEnd: number;
  endNameStart: number;
  endNameEnd: number;
}

/**
 * The display environment that makes up this equation (after any macro definitions
 * before it), e.g. the `align` of `\newcommand…\begin{align}…\end{align}`.
 */
export function findOuterEnvironment(tex: string): OuterEnvironment | undefined {
  let open: { name: string; beginStart: number; nameStart: number; nameEnd: number; bodyStart: number } | undefined;
  for (const cmd of commands(tex)) {
    if (cmd.braceDepth !== 0) continue;
    const group = cmd.name === '\\begin' || cmd.name === '\\end' ? readGroup(tex, cmd.end) : undefined;
    if (!group) continue;
    const name = group.content.trim();
    if (!open && cmd.name === '\\begin' && cmd.envDepth === 0 && displayEnvironment(name)) {
      // alignat{2}: the column count is part of the opening.
      const columns = name.startsWith('alignat') ? readGroup(tex, group.end) : undefined;
      open = { name, beginStart: cmd.start, nameStart: group.start + 1, nameEnd: group.end - 1, bodyStart: columns?.end ?? group.end };
    } else if (open && cmd.name === '\\end' && cmd.envDepth === 0 && name === open.name) {
      if (!/^\s*$/.test(stripComments(tex.slice(group.end)))) return undefined;
      return {
        name: open.name,
        beginStart: open.beginStart,
        beginNameStart: open.nameStart,
        beginNameEnd: open.nameEnd,
        bodyStart: open.bodyStart,
        bodyEnd: cmd.start,
        endNameStart: group.start + 1,
        endNameEnd: group.end - 1,
      };
    }
  }
  return undefined;
}

function stripComments(tex: string): string {
  return tex.replace(/(^|[^\\])%.*$/gm, '$1');
}

const BEGIN_LINE = /^\\begin\{([a-zA-Z]+\*?)\}/;

/**
 * Block rule: a bare `\begin{align}…\end{align}` on its own lines is display math,
 * as MathJax renders it, even without `$$` and even right after a line of text. Like
 * MathJax, any environment counts (`\begin{pmatrix}`, or one KaTeX lacks, which is
 * then reported with its line instead of reaching readers as raw TeX).
 * The token is a `math_block` like `$$…$$`'s.
 */
function bareEnvironmentRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const lineStart = state.bMarks[startLine] + state.tShift[startLine];
  const first = state.src.slice(lineStart, state.eMarks[startLine]);
  const opening = BEGIN_LINE.exec(first);
  if (!opening) return false;

  const name = opening[1];
  const closing = `\\end{${name}}`;
  let depth = 0;
  for (let line = startLine; line < endLine; line++) {
    const start = state.bMarks[line] + state.tShift[line];
    // A line less indented than the block it started in ends the search (lists, quotes).
    if (line > startLine && start < state.eMarks[line] && state.sCount[line] < state.blkIndent) return false;
    const text = state.src.slice(start, state.eMarks[line]);
    depth += countOccurrences(text, `\\begin{${name}}`);
    const closes = countOccurrences(text, closing);
    depth -= closes;
    if (closes > 0 && depth <= 0) {
      // Text after `\end{…}` on the same line would be lost: leave such input to prose.
      if (text.slice(text.lastIndexOf(closing) + closing.length).trim() !== '') return false;
      if (silent) return true;
      const token = state.push('math_block', 'math', 0);
      token.block = true;
      token.content = state.getLines(startLine, line + 1, state.sCount[startLine], true);
      token.map = [startLine, line + 1];
      token.markup = '\\begin';
      state.line = line + 1;
      return true;
    }
  }
  return false;
}

function countOccurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Bare display environments in Markdown, like MathJax's `processEnvironments`. */
export function bareEnvironmentsPlugin(md: MarkdownIt): void {
  md.block.ruler.before('paragraph', 'math_environment', bareEnvironmentRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}
