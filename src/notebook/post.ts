import { createRequire } from 'node:module';
import type { LemmaEnv, LemmaMarkdown } from '../markdown/index.js';
import { convertNotebook } from './convert.js';
import { fillOutputs, notebookDocument, relocateDiagnostics, type NotebookDocument } from './document.js';
import { frontMatterCell } from './front-matter.js';
import type { NotebookImage } from './images.js';
import type { ParsedNotebook } from './parse.js';

/** A notebook post ready for the Markdown stage: its document, images and what to pass the renderer. */
export interface NotebookPost {
  document: NotebookDocument;
  images: NotebookImage[];
  /** Extra fields of the render env: the document has no front matter lines, and its problems belong to cells. */
  env: Pick<LemmaEnv, 'lineOffset' | 'relocateDiagnostics'>;
}

/** Converted once per parse: the page and its images both need it. */
const posts = new WeakMap<ParsedNotebook, NotebookPost>();

export function notebookPost(parsed: ParsedNotebook): NotebookPost {
  const known = posts.get(parsed);
  if (known) return known;
  const converted = convertNotebook(parsed);
  const document = notebookDocument(converted.blocks);
  const relocate = relocateDiagnostics(parsed, document);
  const post: NotebookPost = {
    document,
    images: converted.images,
    env: { lineOffset: 0, relocateDiagnostics: (diagnostics) => [...converted.problems, ...relocate(diagnostics)] },
  };
  posts.set(parsed, post);
  return post;
}

/** Render a notebook post's body with the site's Markdown pipeline (and its render cache). */
export function renderNotebookPost(lemma: Pick<LemmaMarkdown, 'md'>, post: NotebookPost, data: object): string {
  // The page data stays the env's prototype: front matter, `page` and all, as for Markdown.
  const env = Object.assign(Object.create(data) as LemmaEnv, post.env);
  return fillOutputs(lemma.md.render(post.document.markdown, env), post.document);
}

/** Front matter parsed as Eleventy parses a Markdown post's (gray-matter, with the project's options). */
const eleventyRequire = createRequire(createRequire(import.meta.url).resolve('@11ty/eleventy'));
const matter = eleventyRequire('gray-matter') as (text: string, options?: object) => { data: Record<string, unknown> };

export function notebookFrontMatterData(parsed: ParsedNotebook, options?: object): Record<string, unknown> | undefined {
  const cell = frontMatterCell(parsed);
  if (cell === undefined) return undefined;
  // gray-matter caches by text unless given options: a fresh object each call.
  return { ...matter(`${cell}\n`, { ...(options ?? {}) }).data };
}
