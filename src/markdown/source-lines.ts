import { readFileSync } from 'node:fs';
import path from 'node:path';
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

/**
 * Eleventy strips front matter before Markdown sees a file, so token line numbers
 * start after it. This counts the lines the front matter took, so that reported
 * lines match what the author sees in their editor.
 */
export function frontMatterLineCount(fileText: string): number {
  const lines = fileText.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '---') return i + 1;
  }
  return 0;
}

const offsetCache = new Map<string, { mtimeMs: number; offset: number }>();

/** Line offset of the Markdown body within its file on disk (0 when unreadable). */
export function bodyLineOffset(inputPath: string): number {
  try {
    const text = readFileSync(inputPath, 'utf8');
    return frontMatterLineCount(text);
  } catch {
    return 0;
  }
}

/** Cached variant for builds that render the same file's pieces repeatedly. */
export function cachedBodyLineOffset(inputPath: string, mtimeMs: number): number {
  const hit = offsetCache.get(inputPath);
  if (hit && hit.mtimeMs === mtimeMs) return hit.offset;
  const offset = bodyLineOffset(inputPath);
  offsetCache.set(inputPath, { mtimeMs, offset });
  return offset;
}

/** Project-relative path for messages (`posts/foo.md`, not `./posts/foo.md`). */
export function displayPath(inputPath: string, root = process.cwd()): string {
  const abs = path.resolve(root, inputPath);
  const rel = path.relative(root, abs);
  return rel.startsWith('..') ? abs : rel.split(path.sep).join('/');
}

/**
 * markdown-it gives a table cell's inline token no line map (only its row has one), so
 * an error in a cell would be placed on the first line of the document. A core rule,
 * run after block parsing: each such inline token takes its row's line.
 */
export function tableCellLinesPlugin(md: MarkdownIt): void {
  md.core.ruler.after('block', 'lemma_table_cell_lines', (state) => {
    let row: [number, number] | null = null;
    for (const token of state.tokens) {
      if (token.type === 'tr_open') row = token.map;
      else if (token.type === 'inline' && !token.map && row) token.map = [row[0], row[0] + 1];
    }
  });
}

/**
 * Inline tokens carry no line map of their own; give each child the 0-based line
 * (within the Markdown body) it starts on, counted from its parent block.
 */
export function annotateInlineLines(blockToken: Token): void {
  if (!blockToken.map || !blockToken.children) return;
  let line = blockToken.map[0];
  for (const child of blockToken.children) {
    child.meta = { ...(child.meta ?? {}), line };
    if (child.type === 'softbreak' || child.type === 'hardbreak') line += 1;
    else if (child.content) line += countNewlines(child.content);
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * 0-based body line where a display equation's TeX starts: the line after its opener
 * when `$$` or `\[` stands alone on its line (behind any `>` or list marker), else the
 * opener's own line.
 */
export function displayTexStartLine(lines: readonly string[], openerLine: number): number {
  const opener = (lines[openerLine] ?? '').replace(/^\s*(?:>\s*|[-*+]\s+|\d+[.)]\s+)*/, '').trim();
  return openerLine + (opener === '$$' || opener === '\\[' ? 1 : 0);
}
