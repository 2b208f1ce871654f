import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import { documentState, fileLine, type LemmaEnv } from '../markdown/document.js';
import { folderVersion } from '../markdown/code-version.js';
import type { Diagnostic } from '../markdown/index.js';
import { convertNotebook, type ConvertedNotebook } from './convert.js';
import { NotebookError } from './parse.js';
import { readNotebook } from './load.js';
import { parseSlice, sliceIndices } from './slice.js';

/**
 * `::: notebook analysis.ipynb cells=2:` on a line of its own, in a Markdown post: the
 * notebook's cells (all, or a Python slice of them) in place, as a notebook post shows
 * them. The path is relative to the post, as links are.
 */
export const EMBED_LINE = /^:::[ \t]*notebook[ \t]+(?:"([^"]+)"|(\S+))(?:[ \t]+cells=(\S+))?[ \t]*$/;

export interface Embed {
  /** 0-based line in the Markdown. */
  line: number;
  /** Project-relative path of the notebook. */
  target: string;
  cells?: string;
}

/** The project-relative notebook an embed in `sourceFile` names. */
export function embedTarget(sourceFile: string, name: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(sourceFile.split(path.sep).join('/')), name));
}

/** Every embed in a Markdown text (outside code fences). */
export function findEmbeds(markdown: string, sourceFile: string): Embed[] {
  if (!markdown.includes('notebook')) return [];
  const embeds: Embed[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((raw, line) => {
    const text = raw.replace(/\r$/, '');
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (!fence || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence ? undefined : marker;
      return;
    }
    const match = fence ? null : EMBED_LINE.exec(text.trim());
    if (match) embeds.push({ line, target: embedTarget(sourceFile, match[1] ?? match[2]), cells: match[3] });
  });
  return embeds;
}

/** The embedded cells converted, or the problem to report at the embed's line. */
export function convertEmbed(embed: Pick<Embed, 'target' | 'cells'>, root = process.cwd()): ConvertedNotebook | { error: string } {
  if (!existsSync(path.resolve(root, embed.target))) {
    return { error: `notebook ${embed.target} not found. The path is relative to this post; check its spelling.` };
  }
  let parsed;
  try {
    parsed = readNotebook(embed.target, root);
  } catch (err) {
    if (err instanceof NotebookError) return { error: `notebook ${embed.target} cannot be read: ${err.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}` };
    throw err;
  }
  let indices: number[] | undefined;
  if (embed.cells !== undefined) {
    const slice = parseSlice(embed.cells);
    if (!slice) return { error: `cells=${embed.cells} is not a Python index or slice: write e.g. cells=2: (from the third cell), cells=1:4 or cells=-1.` };
    indices = sliceIndices(slice, parsed.notebook.cells.length);
    if (!indices.length) return { error: `cells=${embed.cells} picks no cell: ${embed.target} has ${parsed.notebook.cells.length} cells (counted from 0).` };
  }
  return convertNotebook(parsed, indices);
}

const NOTEBOOK_CODE = new URL('.', import.meta.url).href;

/**
 * What a Markdown document's embeds depend on besides its source, for the render cache
 * (see src/markdown/document-cache.ts): this folder's code and each notebook's content.
 */
export function notebookEmbedContext(src: string, file: string, root = process.cwd()): string {
  const embeds = findEmbeds(src, file);
  if (!embeds.length) return '';
  const hash = createHash('sha256').update(folderVersion(NOTEBOOK_CODE));
  for (const { target } of embeds) {
    try {
      hash.update(target).update('\0').update(readFileSync(path.resolve(root, target)));
    } catch {
      hash.update(target).update('\0missing');
    }
  }
  return `\nnotebooks ${hash.digest('base64url')}`;
}

/** The block rule: an embed line becomes the notebook's blocks, parsed in this document. */
function embedRule(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const text = state.src.slice(state.bMarks[startLine] + state.tShift[startLine], state.eMarks[startLine]);
  const match = EMBED_LINE.exec(text.trim());
  if (!match) return false;
  if (silent) return true;
  const env = state.env as LemmaEnv;
  const doc = documentState(env, {});
  const map: [number, number] = [startLine, startLine + 1];
  const converted = convertEmbed({ target: embedTarget(doc.file, match[1] ?? match[2]), cells: match[3] });
  state.line = startLine + 1;
  if ('error' in converted) {
    const problem: Diagnostic = { severity: 'error', kind: 'markup', file: doc.file, line: fileLine(doc, startLine), message: converted.error, source: text };
    doc.diagnostics.push(problem);
    return true;
  }
  doc.diagnostics.push(...converted.problems);
  const html = (content: string) => {
    const token = state.push('html_block', '', 0);
    token.content = `${content}\n`;
    token.map = map;
  };
  html('<div class="notebook-embed">');
  for (const block of converted.blocks) {
    if (block.kind === 'html') html(block.html);
    else {
      const first = state.tokens.length;
      state.md.block.parse(block.lines.join('\n'), state.md, env, state.tokens);
      // Problems in embedded cells are reported at the embed's line of the post.
      for (let i = first; i < state.tokens.length; i++) if (state.tokens[i].map) state.tokens[i].map = map;
    }
  }
  html('</div>');
  return true;
}

export function notebookEmbedPlugin(md: MarkdownIt): void {
  md.block.ruler.before('paragraph', 'notebook_embed', embedRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}
