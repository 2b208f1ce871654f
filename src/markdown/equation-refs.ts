import type MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import { applyEdits, commandsWithArgument, type TexEdit } from './tex-scan.js';

/** Where a label points: the element id of its line and the number shown there. */
export interface LabelTarget {
  id: string;
  /** Undefined when the labelled line shows no number. */
  number?: string;
  /** 1-based file line of the `\label`. */
  line: number;
}

/** `\eqref{x}` shows `(n)`; `\ref{x}` (and Quarto's `[-@eq-x]`) `n`; Quarto's `@eq-x` `Equation n`. */
export type RefKind = 'eqref' | 'ref' | 'quarto';

/** A reference that cannot be resolved, for a diagnostic. */
export interface BrokenRef {
  label: string;
  kind: RefKind;
  offset: number;
  reason: 'unknown' | 'unnumbered';
}

/** What a reference shows: the number, or `(??)` as LaTeX does for a broken one. */
export function refText(kind: RefKind, target: LabelTarget | undefined): string {
  const number = target?.number ?? '??';
  if (kind === 'quarto') return `Equation ${number}`;
  return kind === 'eqref' ? `(${number})` : number;
}

/**
 * The element id for a label, unique in the page: `eq:energy` and Quarto's
 * `eq-energy` stay as they are (heading ids never contain `:` nor start with `eq-`
 * unless a heading says "Eq …"); a bare `energy` becomes `eq:energy`.
 */
export function labelId(label: string, taken: Set<string>): string {
  const safe = label.replace(/[^A-Za-z0-9_.:-]+/g, '-');
  const base = safe.includes(':') || safe.startsWith('eq-') ? safe : `eq:${safe}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

const REF_COMMANDS = new Set(['\\eqref', '\\ref']);

/**
 * Replace `\eqref{x}`/`\ref{x}` in TeX with the number of the equation, or `(??)`.
 * KaTeX runs with `trust: false`, so a reference inside math is its number as text;
 * references in prose are links (see `textRefRule`).
 */
export function substituteTexRefs(tex: string, labels: ReadonlyMap<string, LabelTarget>): { tex: string; broken: BrokenRef[] } {
  if (!tex.includes('ref')) return { tex, broken: [] };
  const edits: TexEdit[] = [];
  const broken: BrokenRef[] = [];
  for (const ref of commandsWithArgument(tex, REF_COMMANDS)) {
    const kind: RefKind = ref.name === '\\eqref' ? 'eqref' : 'ref';
    const label = ref.argument.trim();
    const target = labels.get(label);
    const text = `\\text{${refText(kind, target)}}`;
    if (target?.number === undefined) broken.push({ label, kind, offset: ref.start, reason: target ? 'unnumbered' : 'unknown' });
    edits.push({ start: ref.start, end: ref.end, text });
  }
  return { tex: applyEdits(tex, edits), broken };
}

/** markdown-it counts the links being parsed around the cursor (not in its type definitions). */
const insideLinkText = (state: StateInline) => ((state as StateInline & { linkLevel?: number }).linkLevel ?? 0) > 0;

const TEXT_REF = /^\\(eqref|ref)\{([^{}\n]+)\}/;

/** `\eqref{x}` and `\ref{x}` written in prose (outside math), as MathJax authors do. */
function textRefRule(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x5c /* \ */ || insideLinkText(state)) return false;
  const match = TEXT_REF.exec(state.src.slice(state.pos, state.pos + 200));
  if (!match) return false;
  if (!silent) {
    const token = state.push('equation_ref', '', 0);
    token.meta = { kind: match[1] as RefKind, label: match[2].trim() };
    token.content = match[0];
  }
  state.pos += match[0].length;
  return true;
}

function renderTextRef(tokens: Token[], idx: number): string {
  const meta = tokens[idx].meta as { kind: RefKind; target?: LabelTarget };
  const text = escapeHtml(refText(meta.kind, meta.target));
  return meta.target?.number !== undefined
    ? `<a class="eqref" href="#${escapeHtml(meta.target.id)}">${text}</a>`
    : `<span class="eqref eqref-missing">${text}</span>`;
}

const QUARTO_REF = /^(\[(-?)@(eq-[A-Za-z0-9_:.-]*[A-Za-z0-9_])\]|@(eq-[A-Za-z0-9_:.-]*[A-Za-z0-9_]))/;

/** Quarto's `@eq-x` ("Equation n"), `[@eq-x]` (the same) and `[-@eq-x]` (just the number). */
function quartoRefRule(state: StateInline, silent: boolean): boolean {
  const ch = state.src[state.pos];
  // Inside a link's text a reference would nest links: it stays text there.
  if ((ch !== '@' && ch !== '[') || insideLinkText(state)) return false;
  // `name@eq-host.org` is an address, not a reference.
  if (ch === '@' && state.pos > 0 && /[\w.@-]/.test(state.src[state.pos - 1])) return false;
  const match = QUARTO_REF.exec(state.src.slice(state.pos, state.pos + 200));
  // `[@eq-x](url)` is a link whose text happens to look like a reference.
  if (!match || (ch === '[' && /[([]/.test(state.src[state.pos + match[0].length] ?? ''))) return false;
  if (!silent) {
    const token = state.push('equation_ref', '', 0);
    token.meta = { kind: match[2] === '-' ? 'ref' : 'quarto', label: match[3] ?? match[4] };
    token.content = match[0];
  }
  state.pos += match[0].length;
  return true;
}

export function textRefsPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'equation_ref', textRefRule);
  md.inline.ruler.before('link', 'equation_ref_quarto', quartoRefRule);
  md.renderer.rules.equation_ref = renderTextRef;
}
