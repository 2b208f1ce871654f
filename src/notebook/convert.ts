import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import type { Diagnostic } from '../markdown/index.js';
import { cellOptions } from './cell-options.js';
import { frontMatterCell, inCell } from './front-matter.js';
import { IMAGE_TYPES, outputImage, type ImageType, type NotebookImage } from './images.js';
import { mergeStreams, outputBlocks } from './outputs.js';
import type { ParsedNotebook } from './parse.js';
import type { Cell, NotebookMetadata } from './types.js';
import type { Block, Origin } from './blocks.js';

export interface ConvertedNotebook {
  blocks: Block[];
  images: NotebookImage[];
  /** Problems with cell options, placed in the .ipynb file. */
  problems: Diagnostic[];
}

/** The language code cells are highlighted in: the kernel's (`language_info`, else `kernelspec`). */
export function kernelLanguage(metadata: NotebookMetadata | undefined): string {
  const name = metadata?.language_info?.name ?? metadata?.kernelspec?.language ?? '';
  return String(name).toLowerCase().replace(/[^a-z0-9+#-]/g, '');
}

/** A fence longer than any run of backticks in the code, so the code cannot end it. */
function fence(code: string[], language: string, cell: number, firstLine: number): Block {
  const longest = Math.max(0, ...code.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((run) => run.length))));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  const origins: (Origin | undefined)[] = [{ cell, line: firstLine }, ...code.map((_, i) => ({ cell, line: firstLine + i })), { cell, line: firstLine + code.length - 1 }];
  return { kind: 'markdown', lines: [`${ticks}${language}`, ...code, ticks], origins };
}

function codeCell(cell: Cell, lines: string[], number: number, language: string, images: NotebookImage[], problems: Diagnostic[], parsed: ParsedNotebook): Block[] {
  const { options, code, skipped, problems: optionProblems } = cellOptions(cell, lines);
  for (const p of optionProblems) problems.push(inCell(parsed, number, p.line + 1, { severity: 'error', kind: 'markup', file: parsed.file, line: 0, message: p.message }));
  if (!options.include) return [];
  const blocks: Block[] = [];
  if (options.echo && code.some((l) => l.trim() !== '')) {
    const source = fence(code, language, number, skipped + 1);
    if (options.fold) {
      const summary = escapeHtml(options.summary ?? 'Code');
      blocks.push({ kind: 'html', html: `<details class="details notebook-fold"${options.fold === 'open' ? ' open' : ''}>\n<summary>${summary}</summary>` }, source, { kind: 'html', html: '</details>' });
    } else blocks.push(source);
  }
  if (options.output) {
    for (const output of mergeStreams(Array.isArray(cell.outputs) ? cell.outputs : [])) blocks.push(...outputBlocks(output, number, options, images));
  }
  if (!blocks.length) return [];
  return [{ kind: 'html', html: '<div class="notebook-cell">' }, ...blocks, { kind: 'html', html: '</div>' }];
}

const ATTACHMENT = /!\[([^\]]*)\]\(attachment:([^)\s]+)\)/g;

/**
 * Images pasted into a Markdown cell are saved in the cell (`attachments`) and shown as
 * `![alt](attachment:name.png)`: each becomes an image file beside the page, like a
 * figure, written as an <img> so it is not taken for a file beside the notebook.
 */
function withAttachments(cell: Cell, lines: string[], images: NotebookImage[]): string[] {
  const attachments = cell.attachments;
  if (!attachments || typeof attachments !== 'object') return lines;
  return lines.map((line) =>
    line.replace(ATTACHMENT, (whole, alt: string, name: string) => {
      const data = attachments[decodeURIComponent(name)];
      const mime = data && (Object.keys(IMAGE_TYPES) as ImageType[]).find((t) => t in data);
      if (!mime) return whole;
      const image = outputImage(mime, data[mime], undefined);
      images.push(image);
      const size = `${image.width ? ` width="${image.width}"` : ''}${image.height ? ` height="${image.height}"` : ''}`;
      return `<img src="${image.name}" alt="${escapeHtml(alt)}"${size}>`;
    }),
  );
}

/** Raw cells reach the page only when written for it (`raw_mimetype` HTML or Markdown), as nbconvert does. */
function rawCell(cell: Cell, lines: string[], number: number): Block[] {
  const type = String(cell.metadata?.raw_mimetype ?? cell.metadata?.format ?? '').toLowerCase();
  if (type === 'text/html') return [{ kind: 'html', html: lines.join('\n') }];
  if (type === 'text/markdown') return [{ kind: 'markdown', lines, origins: lines.map((_, i) => ({ cell: number, line: i + 1 })) }];
  return [];
}

/**
 * The cells (all, or the 0-based `indices`) as blocks for the Markdown stage, in order:
 * Markdown cells as written; code cells as highlighted code, then their saved outputs
 * (nothing is executed); the front matter cell left out.
 */
export function convertNotebook(parsed: ParsedNotebook, indices?: number[]): ConvertedNotebook {
  const { notebook, sources } = parsed;
  const language = kernelLanguage(notebook.metadata);
  const images: NotebookImage[] = [];
  const problems: Diagnostic[] = [];
  const blocks: Block[] = [];
  const skipFirst = frontMatterCell(parsed) !== undefined;
  for (const index of indices ?? notebook.cells.map((_, i) => i)) {
    if (index === 0 && skipFirst) continue;
    const cell = notebook.cells[index];
    const lines = sources[index].lines;
    const number = index + 1;
    if (cell.cell_type === 'markdown') {
      const text = withAttachments(cell, lines, images);
      blocks.push({ kind: 'markdown', lines: text, origins: text.map((_, i) => ({ cell: number, line: i + 1 })) });
    }
    else if (cell.cell_type === 'code') blocks.push(...codeCell(cell, lines, number, language, images, problems, parsed));
    else if (cell.cell_type === 'raw') blocks.push(...rawCell(cell, lines, number));
  }
  return { blocks, images, problems };
}
