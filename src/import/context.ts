import type { ImportNote } from './types.js';

/**
 * What the body conversions of one post share: where to note what they did, and how
 * to find the Lemma post or copied file an old reference points to. Every conversion
 * keeps the number of lines, so a note's line is the source file's line.
 */
export interface PostContext {
  /** The source file, for notes. */
  file: string;
  /** 0-based line of the body's first line in the source file. */
  bodyLine: number;
  notes: ImportNote[];
  /** `2018-04-08-attention`, `_posts/x.md`, `posts/x.md`, an old URL … → `attention.md` (with any `#fragment` kept by the caller). */
  postFor(reference: string): string | undefined;
  /** A file the post uses (old site path, or relative to the post) → the link to write (`attention/plot.png`); copies it. */
  assetFor(reference: string): string | undefined;
}

/** Record a note at the 0-based line `bodyLine` of the body (-1: about the whole file). */
export function note(ctx: PostContext, kind: ImportNote['kind'], bodyLine: number, message: string): void {
  ctx.notes.push({ kind, file: ctx.file, line: bodyLine < 0 ? 0 : ctx.bodyLine + bodyLine + 1, message });
}

/** 0-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Count of newlines in `text`, so a replacement can keep them. */
export function newlines(text: string): string {
  return '\n'.repeat(lineAt(text, text.length));
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})/;

/**
 * Apply `convert` to the text outside fenced code blocks (the fences pass through),
 * telling it the 0-based line each stretch starts on.
 */
export function outsideFences(text: string, convert: (stretch: string, firstLine: number) => string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let stretch: string[] = [];
  let stretchStart = 0;
  const flush = (next: number) => {
    if (stretch.length) out.push(convert(stretch.join('\n'), stretchStart));
    stretch = [];
    stretchStart = next;
  };
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]);
    if (!open) {
      stretch.push(lines[i]);
      continue;
    }
    flush(i);
    const marker = open[2];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^ {0,3}${marker[0]}{${marker.length},}\\s*$`).test(lines[j])) j++;
    out.push(lines.slice(i, Math.min(j + 1, lines.length)).join('\n'));
    i = j;
    stretchStart = j + 1;
  }
  flush(lines.length);
  return out.join('\n');
}
