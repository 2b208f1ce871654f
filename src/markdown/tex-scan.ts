/**
 * Just enough of TeX's tokenizer to find commands, their `{…}` arguments, and the
 * rows and cells of an environment, without being fooled by `\\label` (a line break
 * followed by letters), `\{`, `%` comments or nested environments.
 */

/** A control sequence in the TeX source: `\name` or a one-character control symbol. */
export interface TexCommand {
  /** With its backslash: `\label`, `\\`, `\{`. */
  name: string;
  start: number;
  /** Just after the name. */
  end: number;
  /** Depth of `\begin…\end` nesting it sits in (0 = top level of the scanned text). */
  envDepth: number;
  /** Depth of `{…}` nesting it sits in. */
  braceDepth: number;
}

/** A `{…}` group: `content` without the braces; `end` is just after `}`. */
export interface TexGroup {
  content: string;
  start: number;
  end: number;
}

const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 64; // A-Z a-z @

/** Every control sequence of `tex` in order; comments are skipped. */
export function* commands(tex: string): Generator<TexCommand> {
  let envDepth = 0;
  let braceDepth = 0;
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === '%') {
      const eol = tex.indexOf('\n', i);
      i = eol === -1 ? tex.length : eol;
    } else if (ch === '{') {
      braceDepth++;
    } else if (ch === '}') {
      braceDepth = Math.max(0, braceDepth - 1);
    } else if (ch === '\\' && i + 1 < tex.length) {
      let end = i + 2;
      if (isLetter(tex.charCodeAt(i + 1))) while (end < tex.length && isLetter(tex.charCodeAt(end))) end++;
      const name = tex.slice(i, end);
      if (name === '\\end') envDepth = Math.max(0, envDepth - 1);
      yield { name, start: i, end, envDepth, braceDepth };
      if (name === '\\begin') envDepth++;
      i = end - 1;
    }
  }
}

/** The `{…}` group starting at `pos` (after optional spaces), if there is one. */
export function readGroup(tex: string, pos: number): TexGroup | undefined {
  let i = pos;
  while (i < tex.length && /\s/.test(tex[i])) i++;
  if (tex[i] !== '{') return undefined;
  let depth = 0;
  for (let j = i; j < tex.length; j++) {
    const ch = tex[j];
    if (ch === '\\') j++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return { content: tex.slice(i + 1, j), start: i, end: j + 1 };
  }
  return undefined;
}

/** Skip an optional `*` right after a command: returns the new position and whether it was there. */
export function readStar(tex: string, pos: number): { star: boolean; end: number } {
  return tex[pos] === '*' ? { star: true, end: pos + 1 } : { star: false, end: pos };
}

/** A `\cmd{arg}` occurrence, e.g. `\label{eq:x}`, with the span to replace it. */
export interface CommandWithArgument {
  name: string;
  star: boolean;
  argument: string;
  start: number;
  end: number;
  envDepth: number;
}

/** Every `\name{…}` (or `\name*{…}`) of the given names, in order. */
export function commandsWithArgument(tex: string, names: ReadonlySet<string>): CommandWithArgument[] {
  const found: CommandWithArgument[] = [];
  for (const cmd of commands(tex)) {
    if (!names.has(cmd.name)) continue;
    const { star, end } = readStar(tex, cmd.end);
    const group = readGroup(tex, end);
    if (!group) continue;
    found.push({ name: cmd.name, star, argument: group.content, start: cmd.start, end: group.end, envDepth: cmd.envDepth });
  }
  return found;
}

/** A row of an environment body: `[start, end)` excludes the `\\` that ends it. */
export interface TexRow {
  start: number;
  end: number;
  /** Positions of the top-level `&` cell separators in the row. */
  ampersands: number[];
}

/**
 * Split `tex[from, to)` into rows at top-level `\\` (an optional `[2pt]` after it
 * belongs to the separator) and note the top-level `&` in each row.
 */
export function splitRows(tex: string, from: number, to: number): TexRow[] {
  const body = tex.slice(from, to);
  const rows: TexRow[] = [];
  let rowStart = 0;
  let ampersands: number[] = [];
  const topLevelAmpersands = (start: number, end: number) => ampersandsIn(body, start, end).map((p) => p + from);
  for (const cmd of commands(body)) {
    if (cmd.envDepth !== 0 || cmd.braceDepth !== 0) continue;
    if (cmd.name !== '\\\\' && cmd.name !== '\\cr') continue;
    ampersands = topLevelAmpersands(rowStart, cmd.start);
    rows.push({ start: rowStart + from, end: cmd.start + from, ampersands });
    let next = cmd.end;
    const spacing = /^\s*\[[^\]]*\]/.exec(body.slice(next));
    if (cmd.name === '\\\\' && spacing) next += spacing[0].length;
    rowStart = next;
  }
  rows.push({ start: rowStart + from, end: to, ampersands: topLevelAmpersands(rowStart, body.length) });
  return rows;
}

/** Positions of `&` at brace depth 0 and outside nested environments in `text[start, end)`. */
function ampersandsIn(text: string, start: number, end: number): number[] {
  const found: number[] = [];
  let braces = 0;
  let envs = 0;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === '%') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 || eol > end ? end : eol;
    } else if (ch === '\\') {
      if (text.startsWith('\\begin', i) && !isLetter(text.charCodeAt(i + 6))) envs++;
      else if (text.startsWith('\\end', i) && !isLetter(text.charCodeAt(i + 4))) envs = Math.max(0, envs - 1);
      i++;
    } else if (ch === '{') braces++;
    else if (ch === '}') braces = Math.max(0, braces - 1);
    else if (ch === '&' && braces === 0 && envs === 0) found.push(i);
  }
  return found;
}

/** An edit to TeX source: replace `[start, end)` with `text`. */
export interface TexEdit {
  start: number;
  end: number;
  text: string;
}

/** Apply non-overlapping edits (any order); insertions at the same point keep their order. */
export function applyEdits(tex: string, edits: TexEdit[]): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const edit of sorted) {
    if (edit.start < pos) continue; // overlapping: the first edit wins
    out += tex.slice(pos, edit.start) + edit.text;
    pos = edit.end;
  }
  return out + tex.slice(pos);
}

/** Number of newlines before `offset`: the line of `offset` relative to the TeX's first line. */
export function lineWithin(tex: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < tex.length; i++) if (tex.charCodeAt(i) === 10) n++;
  return n;
}
