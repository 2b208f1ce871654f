import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import { documentState, fileLine, type DocumentState, type LemmaEnv } from './document.js';
import { annotateInlineLines } from './source-lines.js';
import { frontMatterLine } from './equations.js';
import { KIND_NAMES, kindOfLabel, PaperLabels } from './paper-labels.js';
import { structureTheorems, theoremContainers } from './theorems.js';
import { figureRenderers, structureFigures } from './figures.js';
import { citeSyntax, type CiteGroup } from './cite-syntax.js';
import { bibliographyPaths, MATH_MARKER, markedMath, readBibFile, type CslItem } from './bibliography.js';
import { formatCitations, referenceId, type CitationStyle } from './citation-format.js';

export interface PapersOptions {
  /** `site.json` → `citations.style`. */
  citationStyle: CitationStyle;
  /** `site.json` → `citations.bibliography`: a `.bib` file every post may cite from. */
  siteBibliography?: string;
  /** Site macros (for the document state). */
  macros: Record<string, string>;
}

/** A citation's token in its inline parent, with its resolved line. */
interface Found {
  children: Token[];
  token: Token;
  group: CiteGroup;
  line: number;
}

function htmlToken(coreState: StateCore, type: 'html_inline' | 'html_block', content: string): Token {
  const token = new coreState.Token(type, '', 0);
  token.content = content;
  return token;
}

/** HTML with the bibliography's math markers turned into inline equations (rendered with the post's math). */
function htmlWithMath(coreState: StateCore, html: string, line: number): Token[] {
  const tokens: Token[] = [];
  let from = 0;
  for (const match of html.matchAll(MATH_MARKER)) {
    if (match.index > from) tokens.push(htmlToken(coreState, 'html_inline', html.slice(from, match.index)));
    const math = new coreState.Token('math_inline', 'math', 0);
    math.content = markedMath(Number(match[1]));
    math.markup = '$';
    math.meta = { line };
    tokens.push(math);
    from = match.index + match[0].length;
  }
  if (from < html.length) tokens.push(htmlToken(coreState, 'html_inline', html.slice(from)));
  return tokens;
}

function findGroups(coreState: StateCore, state: DocumentState): Found[] {
  const found: Found[] = [];
  for (const token of coreState.tokens) {
    if (token.type !== 'inline' || !token.children) continue;
    annotateInlineLines(token);
    for (const child of token.children) {
      if (child.type === 'cite_group') found.push({ children: token.children, token: child, group: child.meta as CiteGroup, line: fileLine(state, child.meta?.line) });
    }
  }
  return found;
}

/** `@thm-x` → "Theorem 1", `[-@thm-x]` → "1", each a link; an unknown label is an error. */
function resolveCrossref(found: Found, labels: PaperLabels): void {
  const parts = found.group.items.map((item) => {
    const label = labels.labels.get(item.key);
    if (!label) {
      const kind = kindOfLabel(item.key)!;
      labels.error(found.line, `@${item.key} refers to no {#${item.key}} in this post (a ${kind} needs that label to be referred to).`, found.token.content);
      return escapeHtml(`${item.prefix ? `${item.prefix} ` : ''}??${item.suffix}`);
    }
    const text = item.suppressAuthor ? String(label.number) : `${KIND_NAMES[label.kind]} ${label.number}`;
    const pre = item.prefix ? `${escapeHtml(item.prefix)} ` : '';
    return `${pre}<a class="crossref" href="#${escapeHtml(item.key)}">${escapeHtml(text)}</a>${escapeHtml(item.suffix)}`;
  });
  found.token.meta = { ...found.group, html: parts.join(', ') };
}

/**
 * The post's bibliography entries by key, its problems reported; undefined when it has
 * none, `broken` when a file could not be read or parsed (its keys are then unknown too).
 */
function loadEntries(env: LemmaEnv, state: DocumentState, options: PapersOptions): { entries?: Map<string, CslItem>; broken: boolean } {
  const inputPath = env.inputPath ?? env.page?.inputPath;
  const paths = bibliographyPaths(options.siteBibliography, inputPath, env.bibliography);
  if (paths.length === 0) return { broken: false };
  const entries = new Map<string, CslItem>();
  let broken = false;
  for (const p of paths) {
    let bib;
    try {
      bib = readBibFile(p);
    } catch (err) {
      state.diagnostics.push({
        severity: 'error', kind: 'front-matter', file: state.file, line: frontMatterLine(inputPath, /^bibliography\s*:/),
        message: `front matter "bibliography": cannot read ${p} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the path is relative to the post.`,
      });
      broken = true;
      continue;
    }
    state.diagnostics.push(...bib.problems);
    if (bib.problems.length) broken = true;
    for (const item of bib.items) if (!entries.has(item.id)) entries.set(item.id, item);
  }
  return { entries, broken };
}

/** Every citation formatted, and the references list before the footnotes (or at the end). */
function resolveCitations(coreState: StateCore, citations: Found[], state: DocumentState, options: PapersOptions): void {
  if (citations.length === 0) return;
  const env = coreState.env as LemmaEnv;
  const { entries, broken } = loadEntries(env, state, options);
  const error = (found: Found, message: string) =>
    state.diagnostics.push({ severity: 'error', kind: 'markup', file: state.file, line: found.line, message, source: found.token.content });
  const valid = citations.filter((found) => {
    const unknown = found.group.items.filter((item) => !entries?.has(item.key));
    // A key in a file that could not be read is no news: that file's problem is reported.
    for (const item of broken ? [] : unknown) {
      error(found, entries
        ? `@${item.key}: no entry with that key in this post's bibliography; check the spelling against the .bib file (for a literal @, write \\@).`
        : `@${item.key} cites a key, but this post has no bibliography: add "bibliography: refs.bib" to its front matter (or "citations.bibliography" to site.json); for a literal @, write \\@.`);
    }
    return unknown.length === 0;
  });
  if (valid.length === 0) return;
  const formatted = formatCitations([...entries!.values()], valid.map((f) => f.group), options.citationStyle);
  valid.forEach((found, i) => {
    const keys = found.group.items.map((item) => item.key).join(' ');
    found.token.meta = { ...found.group, html: `<span class="citation" data-cites="${escapeHtml(keys)}">${formatted.citations[i]}</span>`, line: found.group.line };
  });

  const line = citations.at(-1)!.group.line ?? 0;
  const section: Token[] = [];
  const heading = new coreState.Token('heading_open', 'h2', 1);
  heading.markup = '##';
  const title = new coreState.Token('inline', '', 0);
  const text = new coreState.Token('text', '', 0);
  text.content = 'References';
  title.content = 'References';
  title.children = [text];
  title.map = [line, line + 1];
  section.push(heading, title, new coreState.Token('heading_close', 'h2', -1));
  section.push(htmlToken(coreState, 'html_block', '<div id="refs" class="references csl-bib-body" role="list">\n'));
  for (const entry of formatted.entries) {
    const inline = new coreState.Token('inline', '', 0);
    inline.content = '';
    inline.map = [line, line + 1];
    const html = entry.html.replace(/^<div class="csl-entry"/, `<div class="csl-entry" id="${escapeHtml(referenceId(entry.key))}" role="listitem"`);
    inline.children = htmlWithMath(coreState, html, line);
    section.push(inline, htmlToken(coreState, 'html_block', '\n'));
  }
  section.push(htmlToken(coreState, 'html_block', '</div>\n'));
  const footnotes = coreState.tokens.findIndex((t) => t.type === 'footnote_block_open');
  coreState.tokens.splice(footnotes < 0 ? coreState.tokens.length : footnotes, 0, ...section);
}

/** Replace each resolved group with its HTML (and any equations in it). */
function expandGroups(coreState: StateCore, groups: Found[]): void {
  for (const found of groups) {
    const html = found.token.meta?.html as string | undefined;
    if (html === undefined) continue;
    const at = found.children.indexOf(found.token);
    found.children.splice(at, 1, ...htmlWithMath(coreState, html, found.token.meta?.line ?? 0));
  }
}

/** Whether a page's HTML has what `papers.css` styles (theorems, proofs, figures, references, \eqref links). */
export function usesPaperStyles(html: string): boolean {
  return /class="(?:theorem|proof|figure|references|eqref|qed)\b/.test(html);
}

/**
 * Writing like a paper: numbered theorem-like blocks and figures, Quarto's
 * cross-references to them, and Pandoc's citations from BibTeX with a references
 * list. Runs before the equations pass, so math in titles, captions and entries is
 * rendered, numbered and located like any other.
 */
export function papersPlugin(md: MarkdownIt, options: PapersOptions): void {
  theoremContainers(md);
  figureRenderers(md);
  citeSyntax(md, (env) => options.siteBibliography !== undefined || (env as LemmaEnv).bibliography !== undefined);
  md.renderer.rules.cite_group = (tokens, idx) => `<span class="citation citation-missing">${escapeHtml(tokens[idx].content)}</span>`;
  md.core.ruler.before('lemma_html_math', 'lemma_papers', (coreState) => {
    const state = documentState(coreState.env as LemmaEnv, options.macros);
    const labels = new PaperLabels(state);
    structureTheorems(md, coreState, labels, state);
    structureFigures(coreState, labels, state);
    const groups = findGroups(coreState, state);
    const citations: Found[] = [];
    for (const found of groups) {
      const crossrefs = found.group.items.filter((item) => kindOfLabel(item.key) !== undefined);
      const equations = found.group.items.filter((item) => item.key.startsWith('eq-'));
      if (equations.length) labels.error(found.line, `${found.token.content}: refer to equations on their own, as @${equations[0].key}.`, found.token.content);
      else if (crossrefs.length === found.group.items.length) resolveCrossref(found, labels);
      else if (crossrefs.length) labels.error(found.line, `${found.token.content} mixes cross-references and citations: write them in separate brackets.`, found.token.content);
      else citations.push(found);
    }
    resolveCitations(coreState, citations, state, options);
    expandGroups(coreState, groups);
  });
}
