import type MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import { isCrossrefKey } from './paper-labels.js';

/** One key of a citation or cross-reference as written: `see @doe99, p. 3`. */
export interface CiteItem {
  key: string;
  /** Text before the key (`see`), as written. */
  prefix: string;
  /** Text after the key (`, p. 3`), as written. */
  suffix: string;
  /** `-@key`: the year (or number) alone. */
  suppressAuthor: boolean;
}

/** A `cite_group` token's meta. */
export interface CiteGroup {
  items: CiteItem[];
  /** `[@a; @b]` (else `@a` in running text, which names the authors). */
  bracketed: boolean;
  /** 0-based body line, set when the document's lines are known. */
  line?: number;
}

/**
 * Pandoc's citation keys: a letter, digit or `_`, then those and internal punctuation
 * (`:.#&+?<>~/-`); punctuation at the end belongs to the sentence. `@{…}` takes anything.
 */
const KEY = /^(?:\{([^{}\n]+)\}|([A-Za-z0-9_](?:[A-Za-z0-9_:.#&+?<>~/-]*[A-Za-z0-9_])?))/;

/** markdown-it counts the links being parsed around the cursor (not in its type definitions). */
const insideLinkText = (state: StateInline) => ((state as StateInline & { linkLevel?: number }).linkLevel ?? 0) > 0;

/** The key at `text[at]` (just after `@`), and its length. */
function keyAt(text: string, at: number): { key: string; length: number } | undefined {
  const match = KEY.exec(text.slice(at, at + 200));
  return match ? { key: match[1] ?? match[2], length: match[0].length } : undefined;
}

/** One `;`-separated part of a bracketed citation, or undefined when it holds no key. */
function parseItem(text: string): CiteItem | undefined {
  const at = /(^|[\s(])(-?)@/.exec(text);
  if (!at) return undefined;
  const start = at.index + at[1].length;
  const key = keyAt(text, start + at[2].length + 1);
  if (!key) return undefined;
  return {
    key: key.key,
    prefix: text.slice(0, start).trim(),
    suffix: text.slice(start + at[2].length + 1 + key.length).trimEnd(),
    suppressAuthor: at[2] === '-',
  };
}

/** `[see @a, p. 3; @b]`, `[-@a]`: every part must hold a key, or it is not a citation. */
function bracketedRule(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x5b /* [ */ || insideLinkText(state)) return false;
  const end = src.indexOf(']', pos);
  if (end < 0 || end - pos > 2000) return false;
  const inner = src.slice(pos + 1, end);
  if (!inner.includes('@') || inner.includes('[')) return false;
  // `[@x](url)` and `[@x][ref]` are links whose text looks like a citation.
  if (/^[([:]/.test(src[end + 1] ?? '')) return false;
  const items = inner.split(';').map(parseItem);
  if (items.some((item) => item === undefined)) return false;
  if (!silent) {
    const token = state.push('cite_group', '', 0);
    token.meta = { items: items as CiteItem[], bracketed: true } satisfies CiteGroup;
    token.content = src.slice(pos, end + 1);
  }
  state.pos = end + 1;
  return true;
}

/** Whether a document has a bibliography, so `@word` in its prose is a citation. */
export type HasBibliography = (env: Record<string, unknown>) => boolean;

/**
 * `@key` in running text (optionally `@key [p. 3]`). Cross-references (`@thm-x`) always;
 * citations only in a post with a bibliography, so a blog without one keeps its
 * `@handles`. `name@host` is an address, never a citation; `\@` is a literal `@`.
 */
function bareRule(hasBibliography: HasBibliography) {
  return (state: StateInline, silent: boolean): boolean => {
    const { src, pos } = state;
    if (src.charCodeAt(pos) !== 0x40 /* @ */ || insideLinkText(state)) return false;
    if (pos > 0 && /[\w.@+-]/.test(src[pos - 1])) return false;
    const key = keyAt(src, pos + 1);
    if (!key || (!isCrossrefKey(key.key) && !hasBibliography(state.env as Record<string, unknown>))) return false;
    let end = pos + 1 + key.length;
    let suffix = '';
    const locator = /^ \[([^\]\[@\n]*)\](?![([])/.exec(src.slice(end, end + 200));
    if (locator && !isCrossrefKey(key.key)) {
      suffix = `, ${locator[1].trim().replace(/^,\s*/, '')}`;
      end += locator[0].length;
    }
    if (!silent) {
      const token = state.push('cite_group', '', 0);
      token.meta = { items: [{ key: key.key, prefix: '', suffix, suppressAuthor: false }], bracketed: false } satisfies CiteGroup;
      token.content = src.slice(pos, end);
    }
    state.pos = end;
    return true;
  };
}

/**
 * Citations and cross-references as Pandoc and Quarto write them. Equation references
 * (`@eq-x`) keep their own rule, which runs first (see equation-refs.ts).
 */
export function citeSyntax(md: MarkdownIt, hasBibliography: HasBibliography): void {
  md.inline.ruler.before('link', 'cite_bracketed', bracketedRule);
  md.inline.ruler.before('link', 'cite_bare', bareRule(hasBibliography));
}
