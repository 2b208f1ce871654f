import { createHash } from 'node:crypto';
import type { Diagnostic } from '../markdown/index.js';
import { inCell } from './front-matter.js';
import type { ParsedNotebook } from './parse.js';
import type { Block, Origin } from './blocks.js';

/**
 * A notebook post as ONE Markdown document, so math, references, heading ids and the
 * equation counter run across its cells as across a Markdown post, and the document
 * goes through the same render cache. HTML that must reach the page untouched (code
 * outputs) stands in the document as a placeholder comment, put back after rendering.
 */
export interface NotebookDocument {
  markdown: string;
  /** Where each line of `markdown` came from (0-based index). */
  origins: (Origin | undefined)[];
  /** The HTML behind each placeholder. */
  html: string[];
  /** The placeholders' prefix: a hash of their HTML, so the document changes when it does. */
  nonce: string;
}

export function notebookDocument(blocks: Block[]): NotebookDocument {
  const html = blocks.flatMap((b) => (b.kind === 'html' ? [b.html] : []));
  const nonce = createHash('sha256').update(JSON.stringify(html)).digest('hex').slice(0, 12);
  const lines: string[] = [];
  const origins: (Origin | undefined)[] = [];
  let placeholders = 0;
  for (const block of blocks) {
    if (lines.length) {
      lines.push('');
      origins.push(undefined);
    }
    if (block.kind === 'html') {
      lines.push(`<!--notebook-output:${nonce}:${placeholders++}-->`);
      origins.push(undefined);
    } else {
      lines.push(...block.lines);
      origins.push(...block.origins);
    }
  }
  return { markdown: `${lines.join('\n')}\n`, origins, html, nonce };
}

/** The rendered document with each placeholder replaced by its HTML. */
export function fillOutputs(rendered: string, doc: NotebookDocument): string {
  const placeholder = new RegExp(`<!--notebook-output:${doc.nonce}:(\\d+)-->`, 'g');
  return rendered.replace(placeholder, (whole, i: string) => doc.html[Number(i)] ?? whole);
}

/**
 * Diagnostics of the rendered document (lines of `markdown`, 1-based) moved to the
 * .ipynb file's lines, each message naming the cell and the line in it.
 */
export function relocateDiagnostics(parsed: ParsedNotebook, doc: NotebookDocument) {
  return (diagnostics: Diagnostic[]): Diagnostic[] =>
    diagnostics.map((d) => {
      let index = Math.min(d.line - 1, doc.origins.length - 1);
      while (index > 0 && !doc.origins[index]) index--;
      const origin = doc.origins[index];
      if (!origin) return d;
      if (origin.output || origin.line === undefined) {
        return { ...d, file: parsed.file, line: parsed.locations().cellLines[origin.cell - 1] ?? d.line, message: `cell ${origin.cell}, output: ${d.message}` };
      }
      return inCell(parsed, origin.cell, origin.line, d);
    });
}
