import { AnsiUp } from 'ansi_up';
import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import { IMAGE_TYPES, outputImage, type ImageType, type NotebookImage } from './images.js';
import type { CellOptions } from './cell-options.js';
import { joinText, type Output } from './types.js';
import type { Block } from './blocks.js';

/**
 * A display output shows its richest type Lemma can publish, in Jupyter's order of
 * preference; text/markdown and text/latex go through the Markdown pipeline (math).
 */
const DISPLAY_ORDER = ['text/html', 'text/markdown', 'text/latex', 'image/svg+xml', 'image/png', 'image/jpeg', 'text/plain'] as const;
const WIDGET = /^application\/vnd\.jupyter\.widget-(view|state)\+json$/;

/** Terminal colours become classes the site's stylesheet colours (light and dark). */
function ansiToHtml(text: string): string {
  const ansi = new AnsiUp();
  ansi.use_classes = true;
  return ansi.ansi_to_html(text);
}

/**
 * What a terminal shows of text written with carriage returns (progress bars): each
 * line as last overwritten.
 */
function overwritten(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const parts = line.replace(/\r+$/, '').split('\r');
      return parts.at(-1) ?? '';
    })
    .join('\n');
}

function pre(kind: string, html: string): Block {
  return { kind: 'html', html: `<pre class="notebook-output notebook-${kind}">${html.replace(/\n$/, '')}</pre>` };
}

function note(text: string): Block {
  return { kind: 'html', html: `<p class="notebook-output notebook-note">${escapeHtml(text)}</p>` };
}

function imageBlock(image: NotebookImage, options: CellOptions): Block {
  const size = `${image.width ? ` width="${image.width}"` : ''}${image.height ? ` height="${image.height}"` : ''}`;
  const img = `<img src="${image.name}" alt="${escapeHtml(options.figAlt ?? options.figCap ?? '')}"${size} loading="lazy" decoding="async">`;
  const html = options.figCap ? `<figure class="notebook-output notebook-figure">${img}<figcaption>${escapeHtml(options.figCap)}</figcaption></figure>` : `<p class="notebook-output notebook-image">${img}</p>`;
  return { kind: 'html', html };
}

function markdownOutput(kind: string, text: string, cell: number): Block[] {
  const lines = text.replace(/\n+$/, '').split('\n');
  return [
    { kind: 'html', html: `<div class="notebook-output notebook-${kind}">` },
    { kind: 'markdown', lines, origins: lines.map(() => ({ cell, output: true })) },
    { kind: 'html', html: '</div>' },
  ];
}

/** One output of a code cell as blocks of the page; its images go into `images`. */
export function outputBlocks(output: Output, cell: number, options: CellOptions, images: NotebookImage[]): Block[] {
  switch (output.output_type) {
    case 'stream':
      return [pre(`stream notebook-${output.name === 'stderr' ? 'stderr' : 'stdout'}`, ansiToHtml(overwritten(joinText(output.text))))];
    case 'error': {
      const trace = Array.isArray(output.traceback) && output.traceback.length ? output.traceback.join('\n') : `${output.ename}: ${output.evalue}`;
      return [pre('error', ansiToHtml(trace))];
    }
    case 'display_data':
    case 'execute_result': {
      const data = output.data ?? {};
      const types = Object.keys(data);
      if (types.some((t) => WIDGET.test(t))) {
        return [note('An interactive widget was here: widgets need a running kernel, so the published page leaves it out.')];
      }
      const mime = DISPLAY_ORDER.find((t) => t in data);
      if (!mime) return types.length ? [note(`An output of type ${types.join(', ')} is not shown: the page shows HTML, Markdown, LaTeX, PNG, JPEG, SVG and text outputs.`)] : [];
      const value = data[mime];
      if (mime in IMAGE_TYPES) {
        const image = outputImage(mime as ImageType, value, output.metadata);
        images.push(image);
        return [imageBlock(image, options)];
      }
      if (mime === 'text/html') return [{ kind: 'html', html: `<div class="notebook-output notebook-html">\n${joinText(value).replace(/\n+$/, '')}\n</div>` }];
      if (mime === 'text/markdown') return markdownOutput('markdown', joinText(value), cell);
      if (mime === 'text/latex') return markdownOutput('latex', joinText(value), cell);
      return [pre('text', ansiToHtml(joinText(value)))];
    }
    default:
      return [note(`An output of type ${String((output as { output_type?: unknown }).output_type)} is not shown.`)];
  }
}

/** Jupyter shows consecutive writes to one stream as one block of text. */
export function mergeStreams(outputs: Output[]): Output[] {
  const merged: Output[] = [];
  for (const output of outputs) {
    const last = merged.at(-1);
    if (output?.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joinText(last.text) + joinText(output.text) };
    } else if (output && typeof output === 'object') merged.push(output);
  }
  return merged;
}
