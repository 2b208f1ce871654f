import type { Diagnostic } from './diagnostics.js';
import { bodyLineOffset, displayPath } from './source-lines.js';

/** A heading on the page, for the table of contents. */
export interface Heading {
  level: number;
  id: string;
  text: string;
}

/**
 * The environment a caller passes to `render(src, env)`. Eleventy passes the page's
 * data object, so its shape (`page.inputPath`, front matter fields) is accepted too.
 */
export interface LemmaEnv {
  /** Source file, for diagnostics. */
  inputPath?: string;
  /** Lines before the Markdown body (front matter). Read from the file when omitted. */
  lineOffset?: number;
  /** Per-document math settings (front matter `math.macros`, `math.numbering`; numbering is checked when used). */
  math?: { macros?: Record<string, string>; numbering?: unknown };
  page?: { inputPath?: string };
  /**
   * For a document made from another file (a notebook): moves its diagnostics, found
   * at lines of the document, to where the author wrote them.
   */
  relocateDiagnostics?: (diagnostics: Diagnostic[]) => Diagnostic[];
  [key: string]: unknown;
}

/** What one document's render produced besides HTML. */
export interface DocumentState {
  file: string;
  /** Lines before the Markdown body; token line + lineOffset + 1 = file line. */
  lineOffset: number;
  /** Macros in scope for this document: site, then front matter, then the post's own definitions. */
  macros: Record<string, string>;
  diagnostics: Diagnostic[];
  headings: Heading[];
  /** Number of equations rendered (inline and display). */
  mathCount: number;
}

const states = new WeakMap<object, DocumentState>();

export function newDocumentState(env: LemmaEnv, siteMacros: Record<string, string>): DocumentState {
  const inputPath = env.inputPath ?? env.page?.inputPath;
  const file = inputPath ? displayPath(inputPath) : '<input>';
  const lineOffset = env.lineOffset ?? (inputPath ? bodyLineOffset(inputPath) : 0);
  const state: DocumentState = {
    file,
    lineOffset,
    macros: { ...siteMacros, ...(env.math?.macros ?? {}) },
    diagnostics: [],
    headings: [],
    mathCount: 0,
  };
  states.set(env, state);
  return state;
}

/** The state of the document currently being rendered with this env. */
export function documentState(env: LemmaEnv, siteMacros: Record<string, string>): DocumentState {
  return states.get(env) ?? newDocumentState(env, siteMacros);
}

/** 1-based line in the source file for a 0-based line of the Markdown body. */
export function fileLine(state: DocumentState, bodyLine: number | undefined): number {
  return (bodyLine ?? 0) + state.lineOffset + 1;
}
