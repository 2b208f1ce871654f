import { applyEdits, commands, readGroup, readStar, type TexEdit } from './tex-scan.js';

/**
 * MathJax habits in macro definitions that KaTeX reads differently, rewritten to
 * what KaTeX supports. Definitions stay per post: KaTeX stores them in the
 * document's macro table as it renders the post's equations in order.
 */

/** What a post's TeX defines, in order, for the "defined after first use" hint. */
export interface MacroDefinition {
  name: string;
  /** Offset in the TeX of the equation that defines it. */
  offset: number;
}

/** A MathJax extension loaded with `\require{…}`, and whether KaTeX covers it. */
export interface RequiredExtension {
  name: string;
  offset: number;
  supported: boolean;
}

export interface TranslatedMacros {
  tex: string;
  definitions: MacroDefinition[];
  required: RequiredExtension[];
}

/** Cheap test first: most equations define nothing. */
const MAY_DEFINE = /\\(require|newcommand|renewcommand|providecommand|[gex]?def|let|Declare)/;

const DEFINERS = new Set(['\\newcommand', '\\renewcommand', '\\providecommand', '\\def', '\\gdef', '\\edef', '\\xdef', '\\let', '\\DeclareMathOperator', '\\DeclareRobustCommand']);

/** MathJax extensions whose commands KaTeX (with mhchem) has built in. */
const EXTENSIONS_KATEX_HAS = new Set([
  'ams', 'amsmath', 'amssymb', 'amscd', 'boldsymbol', 'braket', 'cancel', 'color', 'mhchem', 'newcommand',
  'configmacros', 'noundefined', 'noerrors', 'unicode', 'enclose', 'mathtools', 'textmacros', 'base', 'action',
  'bbox', 'verb', 'autoload', 'require',
]);

/**
 * - `\DeclareMathOperator{\name}{text}` (KaTeX lacks it) → `\gdef\name{\operatorname{text}}`;
 *   the starred form takes limits (`\operatorname*`).
 * - `\newcommand{\name}` of a name already defined (a site macro, an earlier
 *   definition) → `\renewcommand`, since MathJax lets a post redefine silently.
 * - `\require{ext}` (MathJax's extension loader) is dropped: KaTeX has no loader.
 * `defined` holds the names in scope so far and learns this equation's definitions.
 */
export function translateMacros(tex: string, defined: Set<string>): TranslatedMacros {
  if (!MAY_DEFINE.test(tex)) return { tex, definitions: [], required: [] };
  const edits: TexEdit[] = [];
  const definitions: MacroDefinition[] = [];
  const required: RequiredExtension[] = [];

  for (const cmd of commands(tex)) {
    if (cmd.name === '\\require') {
      const group = readGroup(tex, cmd.end);
      if (!group) continue;
      const name = group.content.trim().replace(/^\[[^\]]*\]/, '');
      required.push({ name, offset: cmd.start, supported: EXTENSIONS_KATEX_HAS.has(name) });
      edits.push({ start: cmd.start, end: group.end, text: '' });
      continue;
    }
    if (!DEFINERS.has(cmd.name)) continue;
    const { star, end: afterStar } = readStar(tex, cmd.end);
    const target = definedName(tex, afterStar);
    if (!target) continue;
    definitions.push({ name: target.name, offset: cmd.start });

    if (cmd.name === '\\DeclareMathOperator') {
      const body = readGroup(tex, target.end);
      if (!body) continue;
      const operator = star ? '\\operatorname*' : '\\operatorname';
      edits.push({ start: cmd.start, end: body.end, text: `\\gdef${target.name}{${operator}{${body.content}}}` });
    } else if (cmd.name === '\\newcommand' && defined.has(target.name)) {
      edits.push({ start: cmd.start, end: cmd.end, text: '\\renewcommand' });
    }
    defined.add(target.name);
  }
  return { tex: applyEdits(tex, edits), definitions, required };
}

/** The macro name after a definer: `{\name}` or `\name`. */
function definedName(tex: string, pos: number): { name: string; end: number } | undefined {
  const group = readGroup(tex, pos);
  if (group) {
    const name = group.content.trim();
    return /^\\([a-zA-Z@]+|.)$/.test(name) ? { name, end: group.end } : undefined;
  }
  const bare = /^\s*(\\(?:[a-zA-Z@]+|.))/.exec(tex.slice(pos));
  return bare ? { name: bare[1], end: pos + bare[0].length } : undefined;
}
