import { note, type PostContext } from './context.js';

/**
 * Indented code blocks, as Kramdown and Python-Markdown posts write code, turned into
 * fences: Lemma reads no indented code (it clashes with indented math). A block is
 * four-space (or tab) indented lines after a blank line, outside lists and fences;
 * Python-Markdown's `:::python` / `#!python` first line names its language. An
 * indented display equation (`$$`, `\[`, `\begin{…}`) is math, not code, and stays.
 */

const LIST_ITEM = /^ {0,3}(?:[-*+]|\d+[.)])[ \t]+\S/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const INDENTED = /^(?: {4}|\t)/;
const MATH_START = /^\s*(?:\$\$|\\\[|\\begin\{)/;

export function convertIndentedCode(body: string, ctx: PostContext): string {
  const lines = body.split('\n');
  const out: string[] = [];
  let inList = false;
  let fence: string | undefined;
  let blocks = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      out.push(line);
      if (new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(line)) fence = undefined;
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = open[1];
      out.push(line);
      continue;
    }
    if (line.trim() === '') {
      out.push(line);
      continue;
    }
    if (LIST_ITEM.test(line)) inList = true;
    else if (!INDENTED.test(line) && !/^\s/.test(line)) inList = false;
    const afterBlank = i === 0 || lines[i - 1].trim() === '';
    if (inList || !afterBlank || !INDENTED.test(line) || MATH_START.test(line)) {
      out.push(line);
      continue;
    }
    // The block: indented lines and the blank lines between them.
    let end = i;
    while (end + 1 < lines.length && (INDENTED.test(lines[end + 1]) || (lines[end + 1].trim() === '' && INDENTED.test(lines[end + 2] ?? '')))) end++;
    const code = lines.slice(i, end + 1).map((l) => l.replace(INDENTED, ''));
    let lang = '';
    const marker = /^(?::::|#!)([\w+#.-]+)\s*$/.exec(code[0]);
    if (marker) {
      lang = marker[1];
      code.shift();
    }
    // The fences take the place of the blank line before (or of the `:::python` line) and
    // of the one after, so later lines keep their numbers; without such lines the post grows.
    const fenceWith = code.some((l) => l.includes('```')) ? '~~~' : '```';
    if (!marker && out.length && out[out.length - 1].trim() === '') out[out.length - 1] = `${fenceWith}${lang}`;
    else out.push(`${fenceWith}${lang}`);
    out.push(...code);
    out.push(fenceWith);
    if (lines[end + 1] !== undefined && lines[end + 1].trim() === '' && lines[end + 2] !== undefined) end++;
    blocks++;
    i = end;
  }
  if (blocks) note(ctx, 'converted', -1, `${blocks} indented code block(s) turned into fenced code.`);
  return out.join('\n');
}
