import MarkdownIt from 'markdown-it';
import { controlCharactersPlugin } from './control-characters.js';
import footnote from 'markdown-it-footnote';
import { mathPlugin } from './math.js';
import { tableCellLinesPlugin } from './source-lines.js';
import { equationsPlugin } from './equations.js';
import { bareEnvironmentsPlugin } from './environments.js';
import { dollarMathPlugin } from './dollar-math.js';
import { htmlMathPlugin } from './html-math.js';
import { headingsPlugin } from './headings.js';
import { containersPlugin } from './containers.js';
import { papersPlugin } from './papers.js';
import { bibliographyFingerprint, bibliographyPaths } from './bibliography.js';
import type { CitationStyle } from './citation-format.js';
import { createHighlighter } from './highlight.js';
import type { MathTable } from './math-table.js';
import { documentState, newDocumentState, type DocumentState, type LemmaEnv } from './document.js';
import { DocumentCache, type DocumentCacheOptions } from './document-cache.js';

export type { Diagnostic } from './diagnostics.js';
export { formatDiagnostic } from './diagnostics.js';
export type { DocumentState, Heading, LemmaEnv } from './document.js';
export { renderToc } from './headings.js';
export { MathTable, mathTable } from './math-table.js';

export interface MarkdownOptions {
  /** Site-wide KaTeX macros (`site.json` → `math.macros`). */
  macros?: Record<string, string>;
  /** Number display equations AMS-style (`site.json` → `math.numbering`; default on). */
  numbering?: boolean;
  /**
   * Leave placeholders where equations go and keep their HTML in this table, for a
   * build that puts them in when it writes the pages (see math-table.ts).
   */
  mathTable?: MathTable;
  /**
   * Keep whole documents in the render cache (with `mathTable` only): see
   * document-cache.ts for what else, besides the source, a cached document depends on.
   */
  documentCache?: DocumentCacheOptions;
  /** Citations (`site.json` → `citations`): the style, and a bibliography for every post. */
  citations?: { style?: CitationStyle; bibliography?: string };
  /** Called after each document is rendered, with what it produced besides HTML. */
  onDocument?: (state: DocumentState) => void;
}

export interface RenderResult {
  html: string;
  state: DocumentState;
}

export interface LemmaMarkdown {
  /** The configured markdown-it instance (what Eleventy is given). */
  md: MarkdownIt;
  /** Render one document: HTML plus its diagnostics and headings. */
  render(src: string, env?: LemmaEnv): RenderResult;
}

/**
 * The configured Markdown pipeline: math, code, heading anchors, TOC data,
 * containers, footnotes, tables. Pure: text in, HTML and diagnostics out.
 */
export function createMarkdown(options: MarkdownOptions = {}): LemmaMarkdown {
  const macros = { ...(options.macros ?? {}) };
  const highlight = createHighlighter();
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false, highlight: (code, lang) => highlight(code, lang) });
  // Indented code blocks clash with indented math and list continuations in prose.
  md.disable('code');
  md.use(controlCharactersPlugin, macros);
  md.use(tableCellLinesPlugin);
  md.use(mathPlugin, { macros, table: options.mathTable });
  // MathJax-blog compatibility: `$$` as Kramdown reads it, bare environments, numbers and refs.
  md.use(dollarMathPlugin);
  md.use(bareEnvironmentsPlugin);
  md.use(equationsPlugin, { macros, numbering: options.numbering ?? true });
  md.use(htmlMathPlugin);
  md.use(containersPlugin);
  const citations = { style: options.citations?.style ?? 'author-date', bibliography: options.citations?.bibliography };
  md.use(papersPlugin, { citationStyle: citations.style, siteBibliography: citations.bibliography, macros });
  md.use(footnote);
  md.use(headingsPlugin, macros);

  // Every full render starts a fresh document: own macros, diagnostics and heading ids.
  const parse = md.parse.bind(md);
  md.parse = (src, env = {}) => {
    const docEnv = env as LemmaEnv;
    delete docEnv.markdownItAnchor;
    newDocumentState(docEnv, macros);
    return parse(src, env);
  };
  const renderDocument = md.render.bind(md);
  const documents =
    options.mathTable && options.documentCache
      ? new DocumentCache(options.mathTable, macros, JSON.stringify({ macros, numbering: options.numbering ?? true, citations }), {
          ...options.documentCache,
          // A post's HTML depends on its bibliographies' text too.
          document: (env) => bibliographyFingerprint(bibliographyPaths(citations.bibliography, env.inputPath ?? env.page?.inputPath, env.bibliography)),
        })
      : undefined;
  md.render = (src, env = {}) => {
    const html = documents ? documents.render(src, env as LemmaEnv, () => renderDocument(src, env)) : renderDocument(src, env);
    const state = documentState(env as LemmaEnv, macros);
    // After the cache, which keeps a document's diagnostics as its own lines.
    const relocate = (env as LemmaEnv).relocateDiagnostics;
    if (relocate) state.diagnostics.splice(0, state.diagnostics.length, ...relocate(state.diagnostics));
    options.onDocument?.(state);
    return html;
  };

  return {
    md,
    render(src, env = {}) {
      const html = md.render(src, env);
      return { html, state: documentState(env, macros) };
    },
  };
}
