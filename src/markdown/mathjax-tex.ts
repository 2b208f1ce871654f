import katex from 'katex';
import { applyEdits, readGroup, type TexEdit } from './tex-scan.js';
import { findOuterEnvironment } from './environments.js';

/**
 * TeX read as MathJax reads it, before KaTeX sees it. Posts written for MathJax blogs
 * lean on a few places where MathJax is more forgiving than KaTeX (and than LaTeX);
 * each rewrite below turns one such habit into the TeX KaTeX renders the way MathJax
 * showed it. Nothing else is touched: a rewrite only fires where KaTeX would fail or
 * warn, so an equation KaTeX already renders as MathJax would comes out byte for byte
 * the same (a test runs every equation of KaTeX's supported-functions list through it).
 * Every rewrite keeps the TeX's line breaks, so error lines stay right.
 *
 * 1. A bare command as a sub/superscript: `Q^\vec{\mu}`, `\tau_\max`, `x^\sqrt{2}`.
 *    MathJax takes the command with its arguments as the script; KaTeX refuses the
 *    functions it does not allow there. Those get braces: `Q^{\vec{\mu}}`, `\tau_{\max}`.
 *    Which commands, and how many arguments they take, is asked of KaTeX itself
 *    (with the document's macros), once per name.
 * 2. `_`, `&`, `#` and `%` inside `\text{…}` (and `\textrm`, `\textbf`, `\mbox`, …):
 *    MathJax shows them as written, KaTeX fails; they are escaped (`\_`). A `#1` in a
 *    macro definition stays a parameter; `$…$` inside the text stays math.
 *    `\mbox`, which KaTeX lacks, is `\text`.
 * 3. Unicode that MathJax reads as TeX: `’` `′` (prime, `'`), `″` `‴`, `∥` (`\parallel`),
 *    and the Unicode spaces (U+00A0, U+2000–U+200A, U+202F, U+205F, U+3000): KaTeX
 *    warns on each and draws them from a fallback font. (`−` KaTeX already reads as `-`.)
 * 4. `\shoveleft{…}` / `\shoveright{…}` (multline's, which KaTeX lacks) keep their
 *    content and lose the command.
 * 5. A display environment inside Kramdown's inline `$$…$$` renders as display math:
 *    `displayEnvironmentInline` tells the `$$` rule so (see dollar-math.ts).
 */

/** Commands whose argument is text, where MathJax takes `_ & # %` literally. */
const TEXT_COMMANDS = new Set(['\\text', '\\textrm', '\\textbf', '\\textit', '\\textsf', '\\texttt', '\\textnormal', '\\textup', '\\textmd', '\\mbox', '\\hbox']);

/** Unicode MathJax reads as TeX, in math mode. */
const MATH_UNICODE: Record<string, string> = { '’': "'", '′': "'", '″': "''", '‴': "'''", '∥': '\\parallel ' };
const UNICODE_SPACE = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/;

/** Could any rewrite apply? Most equations need none, and this test is all they cost. */
const MAY_NEED_REWRITE = /[\^_]\s*\\[a-zA-Z]|\\(?:text|mbox|hbox|shove)|[’′″‴∥\u00a0\u2000-\u200a\u202f\u205f\u3000]/;

const isLetter = (ch: string | undefined) => ch !== undefined && /^[a-zA-Z@]$/.test(ch);

/** The TeX with MathJax's readings made explicit for KaTeX (the same string when none apply). */
export function readAsMathJax(tex: string, macros: Record<string, string> = {}): string {
  if (!MAY_NEED_REWRITE.test(tex)) return tex;
  const edits: TexEdit[] = [];
  const insert = (at: number, text: string) => edits.push({ start: at, end: at, text });
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === '%') {
      const eol = tex.indexOf('\n', i);
      i = eol === -1 ? tex.length : eol - 1;
    } else if (ch === '\\') {
      const nameEnd = controlSequenceEnd(tex, i);
      const name = tex.slice(i, nameEnd);
      if (name === '\\verb') {
        // `\verb!…!`: nothing inside is TeX.
        const close = tex.indexOf(tex[nameEnd], nameEnd + 1);
        i = close === -1 ? tex.length : close;
        continue;
      }
      if (TEXT_COMMANDS.has(name)) {
        const group = readGroup(tex, nameEnd);
        if (group) {
          if (name === '\\mbox') edits.push({ start: i, end: nameEnd, text: '\\text' });
          escapeText(tex, group.start + 1, group.end - 1, edits);
          i = group.end - 1;
          continue;
        }
      }
      if (name === '\\shoveleft' || name === '\\shoveright') {
        const group = readGroup(tex, nameEnd);
        edits.push({ start: i, end: group ? group.start + 1 : nameEnd, text: '' });
        if (group) edits.push({ start: group.end - 1, end: group.end, text: '' });
        i = group ? group.start : nameEnd - 1;
        continue;
      }
      i = nameEnd - 1;
    } else if (ch === '^' || ch === '_') {
      const script = bareScript(tex, i + 1, macros);
      if (script) {
        insert(script.start, '{');
        insert(script.end, '}');
      }
    } else if (Object.hasOwn(MATH_UNICODE, ch)) {
      edits.push({ start: i, end: i + 1, text: MATH_UNICODE[ch] });
    } else if (UNICODE_SPACE.test(ch)) {
      edits.push({ start: i, end: i + 1, text: ' ' });
    }
  }
  return edits.length ? applyEdits(tex, edits) : tex;
}

/**
 * Kramdown's `$$…$$` in a paragraph is inline math, but one holding a display
 * environment (`$$\begin{align*}…\end{align*}$$` in a list item) is shown by MathJax
 * as display math, since the environment is.
 */
export function displayEnvironmentInline(tex: string): boolean {
  return findOuterEnvironment(tex) !== undefined;
}

/** Just after the control sequence at `at` (`\name`, or `\` and one character). */
function controlSequenceEnd(tex: string, at: number): number {
  let end = at + 1;
  if (isLetter(tex[end])) while (isLetter(tex[end])) end++;
  else if (end < tex.length) end += tex.codePointAt(end)! > 0xffff ? 2 : 1;
  return end;
}

/** Escape `_ & # %` in the text `tex[from, to)`, leaving `$…$` math and `\` commands alone. */
function escapeText(tex: string, from: number, to: number, edits: TexEdit[]): void {
  let inMath = false;
  for (let i = from; i < to; i++) {
    const ch = tex[i];
    if (ch === '\\') {
      i = controlSequenceEnd(tex, i) - 1;
    } else if (ch === '$') {
      inMath = !inMath;
    } else if (inMath) {
      continue;
    } else if (ch === '_' || ch === '&' || ch === '%' || (ch === '#' && !/[0-9#]/.test(tex[i + 1] ?? ''))) {
      edits.push({ start: i, end: i, text: '\\' });
    } else if (UNICODE_SPACE.test(ch)) {
      edits.push({ start: i, end: i + 1, text: ' ' });
    }
  }
}

/**
 * The span of a script that is a bare command KaTeX refuses there (`\vec{\mu}` after
 * `^`), with the arguments the command takes; undefined when KaTeX takes it as it is.
 */
function bareScript(tex: string, from: number, macros: Record<string, string>): { start: number; end: number } | undefined {
  let start = from;
  while (tex[start] === ' ' || tex[start] === '\t' || tex[start] === '\n') start++;
  if (tex[start] !== '\\' || !isLetter(tex[start + 1])) return undefined;
  const nameEnd = controlSequenceEnd(tex, start);
  const shape = scriptShape(tex.slice(start, nameEnd), macros);
  if (!shape) return undefined;
  let end = nameEnd;
  if (shape.optional) {
    const open = skipSpaces(tex, end);
    if (tex[open] === '[') {
      const close = closingBracket(tex, open);
      if (close === -1) return undefined;
      end = close + 1;
    }
  }
  for (let n = 0; n < shape.arguments; n++) {
    const argEnd = argumentEnd(tex, end);
    if (argEnd === undefined) return undefined;
    end = argEnd;
  }
  return { start, end };
}

function skipSpaces(tex: string, at: number): number {
  while (tex[at] === ' ' || tex[at] === '\t' || tex[at] === '\n') at++;
  return at;
}

/** The end of one TeX argument from `at`: a `{…}` group, a control sequence or one character. */
function argumentEnd(tex: string, at: number): number | undefined {
  const start = skipSpaces(tex, at);
  if (start >= tex.length || tex[start] === '}') return undefined;
  if (tex[start] === '{') return readGroup(tex, start)?.end;
  if (tex[start] === '\\') return controlSequenceEnd(tex, start);
  return start + (tex.codePointAt(start)! > 0xffff ? 2 : 1);
}

/** The `]` closing the `[` at `open`, outside braces; -1 when there is none. */
function closingBracket(tex: string, open: number): number {
  let depth = 0;
  for (let i = open + 1; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ']' && depth === 0) return i;
  }
  return -1;
}

interface ScriptShape {
  arguments: number;
  optional: boolean;
}

/** Per command (and, for a macro, its definition): undefined when KaTeX takes it bare as a script. */
const shapes = new Map<string, ScriptShape | undefined>();

/** Ask KaTeX whether `name` fails as a bare script, and if so how many arguments it takes. */
function scriptShape(name: string, macros: Record<string, string>): ScriptShape | undefined {
  const definition = Object.hasOwn(macros, name) ? macros[name] : undefined;
  const key = definition === undefined ? name : `${name}\0${definition}`;
  if (shapes.has(key)) return shapes.get(key);
  const shape = probe(name, definition === undefined ? {} : { [name]: definition });
  shapes.set(key, shape);
  return shape;
}

const DUMMY_ARGUMENTS = '{a}{b}{c}{d}';

/** KaTeX's parser (exported, undeclared): parse trees without building HTML. */
const katexParse = (katex as unknown as { __parse(tex: string, options: object): unknown[] }).__parse;

function probe(name: string, macros: Record<string, string>): ScriptShape | undefined {
  const parse = (tex: string) => katexParse(tex, { macros: { ...macros }, strict: 'ignore', throwOnError: true, trust: false });
  try {
    // With arguments after it, so that a macro taking some expands (`\vv{a}` → `\vec{a}`).
    parse(`x^${name}${DUMMY_ARGUMENTS}`);
    return undefined; // KaTeX takes it bare
  } catch (err) {
    if (!/with no arguments as (?:super|sub)script/.test(err instanceof Error ? err.message : '')) return undefined;
  }
  try {
    // `\name{a}{b}{c}{d}` parses to the command's node and the groups it did not take.
    const nodes = parse(`${name}${DUMMY_ARGUMENTS}`).length;
    const taken = 5 - nodes;
    if (taken < 0 || taken > 4) return undefined;
    let optional = false;
    try {
      optional = parse(`${name}[o]${DUMMY_ARGUMENTS}`).length === nodes;
    } catch {
      optional = false;
    }
    return { arguments: taken, optional };
  } catch {
    return undefined; // not a command whose arguments can be counted this way: leave it
  }
}
