import { displayEnvironment, findOuterEnvironment } from './environments.js';
import { applyEdits, commands, commandsWithArgument, splitRows, type TexEdit } from './tex-scan.js';

/** A `\label{…}` in the author's TeX. */
export interface LabelSite {
  name: string;
  /** Offset of `\label` in the TeX. */
  offset: number;
}

/** A line of a display equation that shows a number or tag. */
export interface TaggedRow {
  /** What the reader sees inside the parentheses, and what `\eqref` shows: `3`, `*`. */
  number: string;
  labels: LabelSite[];
}

export interface NumberedTex {
  /** TeX for KaTeX: labels removed, numbers as explicit `\tag`s, starred environments. */
  tex: string;
  /** In order, every line that shows a number. */
  taggedRows: TaggedRow[];
  /** Labels on lines without a number (`\notag`, starred, numbering off). */
  unnumberedLabels: LabelSite[];
}

const LABEL_TAG = new Set(['\\label', '\\tag']);
const NO_NUMBER = new Set(['\\notag', '\\nonumber']);
const BEGIN_END = new Set(['\\begin', '\\end']);
const MAY_NUMBER = /\\(label|tag|begin|notag|nonumber)/;

/**
 * Number a display equation the way amsmath does, at build time: numbered
 * environments (`equation`, `align`, `gather`, `multline`, `eqnarray`, …) get one
 * number per line, or one for the whole; any other display equation is numbered
 * when it carries a `\label`. `\tag{…}` replaces the number, `\notag`/`\nonumber`
 * drop it, starred environments have none. `nextNumber` hands out the post's numbers.
 */
export function numberDisplayMath(tex: string, autoNumber: boolean, nextNumber: () => string): NumberedTex {
  // Most display math has no environment, label or tag: nothing to number.
  if (!MAY_NUMBER.test(tex)) return { tex, taggedRows: [], unnumberedLabels: [] };
  const edits: TexEdit[] = [];
  const taggedRows: TaggedRow[] = [];
  const unnumberedLabels: LabelSite[] = [];

  /** Decide the number of `tex[start, end)` (one line, or a whole equation); a new `\tag` goes at `tagAt`. */
  const numberSpan = (start: number, end: number, numbered: boolean | 'if-labelled', tagAt = start) => {
    const span = tex.slice(start, end);
    const found = commandsWithArgument(span, LABEL_TAG);
    const labels = found.filter((c) => c.name === '\\label').map((c) => ({ name: c.argument.trim(), offset: start + c.start }));
    const tag = found.find((c) => c.name === '\\tag');
    let suppressed = false;
    for (const cmd of commands(span)) {
      if (NO_NUMBER.has(cmd.name)) {
        suppressed = true;
        edits.push({ start: start + cmd.start, end: start + cmd.end, text: '' });
      }
    }
    for (const c of found) if (c.name === '\\label') edits.push({ start: start + c.start, end: start + c.end, text: '' });

    if (tag) {
      taggedRows.push({ number: tag.argument, labels });
    } else if (!suppressed && (numbered === true || (numbered === 'if-labelled' && labels.length > 0))) {
      const number = nextNumber();
      edits.push({ start: tagAt, end: tagAt, text: `\\tag{${number}}` });
      taggedRows.push({ number, labels });
    } else {
      unnumberedLabels.push(...labels);
    }
  };

  const outer = findOuterEnvironment(tex);
  if (!outer) {
    // A numbered environment that is not the whole equation (text follows it): KaTeX
    // must not number it with its CSS counter; the equation is numbered by its label.
    for (const env of commandsWithArgument(tex, BEGIN_END)) {
      const known = displayEnvironment(env.argument.trim());
      if (!known) continue;
      const nameStart = tex.indexOf('{', env.start) + 1;
      edits.push({ start: nameStart, end: env.end - 1, text: known.env.katex });
    }
    numberSpan(0, tex.length, autoNumber ? 'if-labelled' : false);
    return { tex: applyEdits(tex, edits), taggedRows, unnumberedLabels };
  }

  const { starred, env } = displayEnvironment(outer.name)!;
  edits.push({ start: outer.beginNameStart, end: outer.beginNameEnd, text: env.katex });
  edits.push({ start: outer.endNameStart, end: outer.endNameEnd, text: env.katex });
  const numbered = autoNumber && !starred;
  const rows = splitRows(tex, outer.bodyStart, outer.bodyEnd);
  if (env.numbering === 'once') {
    // One number for the whole, on its last line (multline puts it there).
    const last = rows.filter((row) => tex.slice(row.start, row.end).trim() !== '').at(-1) ?? rows[0];
    numberSpan(outer.bodyStart, outer.bodyEnd, numbered, last.start);
  } else {
    rows.forEach((row, i) => {
      // eqnarray's `a &=& b`: drop the second `&` so align sees `a &= b`.
      if (env.mergeMiddleCell && row.ampersands.length >= 2) {
        edits.push({ start: row.ampersands[1], end: row.ampersands[1] + 1, text: ' ' });
      }
      // A `\\` before `\end{align}` leaves an empty last line that KaTeX drops.
      const emptyLast = i === rows.length - 1 && i > 0 && tex.slice(row.start, row.end).trim() === '';
      numberSpan(row.start, row.end, numbered && !emptyLast);
    });
  }
  return { tex: applyEdits(tex, edits), taggedRows, unnumberedLabels };
}

/** Labels in inline math: never numbered (amsmath ignores them there too). */
export function inlineLabels(tex: string): { tex: string; labels: LabelSite[] } {
  if (!tex.includes('\\label')) return { tex, labels: [] };
  const found = commandsWithArgument(tex, new Set(['\\label']));
  const labels = found.map((c) => ({ name: c.argument.trim(), offset: c.start }));
  return { tex: applyEdits(tex, found.map((c) => ({ start: c.start, end: c.end, text: '' }))), labels };
}
