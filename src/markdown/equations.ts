import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import { readFileSync } from 'node:fs';
import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { documentState, fileLine, type DocumentState, type LemmaEnv } from './document.js';
import { annotateInlineLines, displayTexStartLine } from './source-lines.js';
import { lineWithin } from './tex-scan.js';
import { inlineLabels, numberDisplayMath, type LabelSite } from './equation-numbers.js';
import { labelId, substituteTexRefs, textRefsPlugin, type LabelTarget, type RefKind } from './equation-refs.js';
import { addEquationIds } from './equation-anchors.js';
import { translateMacros } from './tex-macros.js';
import { renderCache } from './render-cache.js';

export interface EquationOptions {
  /** Site-wide macros (their names count as defined for `\newcommand`). */
  macros: Record<string, string>;
  /** Number equations (site default; a post's `math.numbering` overrides it). */
  numbering: boolean;
}

/** An equation of the document, in reading order. */
interface MathItem {
  token: Token;
  display: boolean;
  /** 0-based body line where the TeX starts. */
  line: number;
}

/** What the equations pass leaves for the passes after rendering. */
interface EquationsMeta {
  /** Macro name → file line of its first definition in this post. */
  definedAt: Map<string, number>;
  /** The document's equations (references turned into math included). */
  items: MathItem[];
}

const equationsMeta = new WeakMap<object, EquationsMeta>();

function mathItems(coreState: StateCore): MathItem[] {
  const items: MathItem[] = [];
  const lines = coreState.src.split('\n');
  for (const token of coreState.tokens) {
    if (token.type === 'math_block' && token.map) {
      items.push({ token, display: true, line: displayTexStartLine(lines, token.map[0]) });
    } else if (token.type === 'fence' && token.info.trim() === 'math') {
      items.push({ token, display: true, line: (token.map?.[0] ?? 0) + 1 });
    } else if (token.type === 'inline' && token.children) {
      annotateInlineLines(token);
      for (const child of token.children) {
        if (child.type === 'math_inline') items.push({ token: child, display: child.meta?.display === true, line: child.meta?.line ?? 0 });
      }
    }
  }
  return items;
}

/** The post's `math.numbering` front matter, validated; the site default otherwise. */
function numberingFor(env: LemmaEnv, state: DocumentState, siteDefault: boolean): boolean {
  const value = (env.math as { numbering?: unknown } | undefined)?.numbering;
  if (value === undefined) return siteDefault;
  if (typeof value === 'boolean') return value;
  state.diagnostics.push({
    severity: 'error', kind: 'front-matter', file: state.file, line: frontMatterLine(env.inputPath ?? env.page?.inputPath, /^\s+numbering\s*:/),
    message: `front matter "math.numbering" must be true or false (got ${JSON.stringify(value)}).`,
  });
  return siteDefault;
}

/** 1-based line of the first front matter line matching `pattern` (1 when unknown). */
export function frontMatterLine(inputPath: string | undefined, pattern: RegExp): number {
  if (!inputPath) return 1;
  let lines: string[];
  try {
    lines = readFileSync(inputPath, 'utf8').split(/\r?\n/);
  } catch {
    return 1;
  }
  for (let i = 1; i < lines.length && lines[i].trim() !== '---'; i++) if (pattern.test(lines[i])) return i + 1;
  return 1;
}

/**
 * Before KaTeX runs: translate MathJax macro habits, number display equations and
 * collect labels (pass 1, in reading order), then resolve every `\eqref`/`\ref` in
 * math and prose (pass 2, so references may point forward).
 */
function prepareEquations(coreState: StateCore, options: EquationOptions): void {
  const env = coreState.env as LemmaEnv;
  const state = documentState(env, options.macros);
  const numbering = numberingFor(env, state, options.numbering);
  const error = (line: number, message: string, source?: string) =>
    state.diagnostics.push({ severity: 'error', kind: 'math', file: state.file, line, message, source });

  const items = mathItems(coreState);
  const labels = new Map<string, LabelTarget>();
  const takenIds = new Set<string>();
  const defined = new Set(Object.keys(state.macros));
  const definedAt = new Map<string, number>();
  let counter = 0;
  const nextNumber = () => String(++counter);

  for (const item of items) {
    const original = item.token.content;
    /** File line of an offset into `text` (any rewrite of the TeX keeps its line breaks). */
    const at = (offset: number, text = original) => fileLine(state, item.line + lineWithin(text, offset));
    const macros = translateMacros(original, defined);
    for (const d of macros.definitions) if (!definedAt.has(d.name)) definedAt.set(d.name, at(d.offset));
    for (const r of macros.required) {
      if (!r.supported) {
        state.diagnostics.push({ severity: 'warning', kind: 'math', file: state.file, line: at(r.offset), source: original,
          message: `\\require{${r.name}}: KaTeX has no such extension; commands from it are reported where they are used.` });
      }
    }
    // A Quarto label (`$$ … $$ {#eq-x}`) is the equation's \label.
    const quartoLabel = item.token.meta?.quartoLabel as string | undefined;
    let tex = quartoLabel ? `\\label{${quartoLabel}}${macros.tex}` : macros.tex;
    const labelled = tex;
    const written = (site: LabelSite) => (quartoLabel && site.offset === 0 ? `{#${site.name}}` : `\\label{${site.name}}`);
    const register = (site: LabelSite, number: string | undefined, ids: string[]) => {
      const existing = labels.get(site.name);
      if (existing) {
        error(at(site.offset, labelled), `${written(site)} is used twice in this post (first at line ${existing.line}); give each equation its own label.`, original);
        return;
      }
      const target = { id: labelId(site.name, takenIds), number, line: at(site.offset, labelled) };
      labels.set(site.name, target);
      if (number !== undefined) ids.push(target.id);
    };

    if (item.display) {
      const result = numberDisplayMath(tex, numbering, nextNumber);
      tex = result.tex;
      const rows = result.taggedRows.map((row) => {
        const ids: string[] = [];
        for (const site of row.labels) register(site, row.number, ids);
        return ids;
      });
      for (const site of result.unnumberedLabels) register(site, undefined, []);
      item.token.meta = { ...(item.token.meta ?? {}), equationIds: rows };
    } else {
      const result = inlineLabels(tex);
      for (const site of result.labels) {
        error(at(site.offset, labelled), `\\label{${site.name}} is in inline math, which has no number; move it into a display equation.`, original);
      }
      tex = result.tex;
    }
    if (tex !== original) item.token.meta = { ...(item.token.meta ?? {}), texSource: original };
    item.token.content = tex;
  }
  equationsMeta.set(env, { definedAt, items });
  resolveReferences(coreState, items, labels, state);
}

/** `written`: the reference as the author wrote it, `\eqref{x}` or `@eq-x`. */
function brokenMessage(label: string, reason: 'unknown' | 'unnumbered', written: string): string {
  return reason === 'unknown'
    ? `${written} refers to no ${written.startsWith('\\') ? `\\label{${label}}` : `{#${label}}`} in this post.`
    : `${written}: the equation labelled "${label}" has no number (starred environment, \\notag, or math.numbering: false); add \\tag{…} to it.`;
}

/** Pass 2: every reference, in prose and in math, gets its number and link (or an error). */
function resolveReferences(coreState: StateCore, items: MathItem[], labels: ReadonlyMap<string, LabelTarget>, state: DocumentState): void {
  const error = (line: number, message: string, source: string) =>
    state.diagnostics.push({ severity: 'error', kind: 'math', file: state.file, line, message, source });

  // Prose references first: one whose tag is TeX (`\tag{$\ast$}`) becomes inline math.
  for (const token of coreState.tokens) {
    if (token.type !== 'inline' || !token.children) continue;
    for (const child of token.children) {
      if (child.type === 'equation_ref') {
        const meta = child.meta as { kind: RefKind; label: string; line?: number; target?: LabelTarget };
        meta.target = labels.get(meta.label);
        if (meta.target?.number !== undefined && meta.kind !== 'quarto' && /[\\$^_{}]/.test(meta.target.number)) {
          child.type = 'math_inline';
          child.markup = child.content;
          // KaTeX (trust: false) cannot link: the link is put around its output.
          child.meta = { ...meta, linkTo: meta.target.id };
          items.push({ token: child, display: false, line: meta.line ?? 0 });
        } else if (meta.target?.number === undefined) {
          error(fileLine(state, meta.line), brokenMessage(meta.label, meta.target ? 'unnumbered' : 'unknown', child.content), child.content);
        }
      } else if (child.type === 'text') {
        reportStrayEnvironment(child, state);
      }
    }
  }
  for (const item of items) {
    const source = (item.token.meta?.texSource as string | undefined) ?? item.token.content;
    const result = substituteTexRefs(item.token.content, labels);
    for (const b of result.broken) {
      error(fileLine(state, item.line + lineWithin(item.token.content, b.offset)), brokenMessage(b.label, b.reason, `\\${b.kind}{${b.label}}`), source);
    }
    if (result.tex !== item.token.content) item.token.meta = { ...(item.token.meta ?? {}), texSource: source };
    item.token.content = result.tex;
  }
}

const STRAY_ENVIRONMENT = /\\begin\{([a-zA-Z]+\*?)\}/;

/** A display environment in the middle of prose would reach readers as raw TeX. */
function reportStrayEnvironment(token: Token, state: DocumentState): void {
  const match = STRAY_ENVIRONMENT.exec(token.content);
  if (!match) return;
  state.diagnostics.push({
    severity: 'error', kind: 'math', file: state.file, line: fileLine(state, token.meta?.line),
    message: `${match[0]} is inside a paragraph, so it is not rendered: start it on its own line (ending with \\end{${match[1]}} on its own line) or wrap it in $$ … $$.`,
    source: token.content,
  });
}

/** After KaTeX: ids on numbered lines, and a hint on macros used before their definition. */
function finishEquations(coreState: StateCore, options: EquationOptions): void {
  const env = coreState.env as LemmaEnv;
  const state = documentState(env, options.macros);
  const meta = equationsMeta.get(env);
  for (const item of meta?.items ?? []) {
    const rows = item.token.meta?.equationIds as string[][] | undefined;
    if (typeof item.token.meta?.html !== 'string') continue;
    const rendered: string = item.token.meta.html;
    if (rows) item.token.meta.html = addEquationIds(item.token.meta.html, rows);
    const linkTo = item.token.meta.linkTo as string | undefined;
    if (linkTo) item.token.meta.html = `<a class="eqref" href="#${escapeHtml(linkTo)}">${item.token.meta.html}</a>`;
    // The cache key must name the HTML as it now is, or a cached document loses the ids.
    const key = item.token.meta.cacheKey as string | undefined;
    if (key && item.token.meta.html !== rendered) {
      item.token.meta.cacheKey = renderCache.decorated(key, JSON.stringify([rows ?? null, linkTo ?? null]), item.token.meta.html);
    }
  }
  const definedAt = meta?.definedAt;
  for (const d of state.diagnostics) {
    const undefinedName = /Undefined control sequence: (\\[A-Za-z@]+)/.exec(d.message)?.[1];
    const later = undefinedName ? definedAt?.get(undefinedName) : undefined;
    if (later !== undefined && later > d.line) {
      d.message += ` (${undefinedName} is defined later in this post, at line ${later}: definitions apply from where they appear, so move it before its first use.)`;
    }
  }
}

/**
 * Equation numbers, labels and references, and MathJax macro habits, for the
 * math plugin: runs around its `lemma_math` rule, so it must be used after it.
 */
export function equationsPlugin(md: MarkdownIt, options: EquationOptions): void {
  textRefsPlugin(md);
  md.core.ruler.before('lemma_math', 'lemma_equations', (coreState) => prepareEquations(coreState, options));
  md.core.ruler.after('lemma_math', 'lemma_equation_ids', (coreState) => finishEquations(coreState, options));
}
