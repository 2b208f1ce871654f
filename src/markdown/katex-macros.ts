import katex from 'katex';

/**
 * KaTeX keeps a document's macros in a plain object that it mutates while rendering:
 * `\newcommand`, `\gdef`, `\let`, and internals such as `\current@color` or `\@eqnsw`.
 * Values are TeX strings or `{ tokens, numArgs, delimiters?, unexpandable? }` whose
 * tokens point back into the equation that defined them (KaTeX quotes that equation in
 * later error messages). This module turns that state into plain data and back, so a
 * cached equation can be keyed by the macros in scope and replay what it defined.
 */

/** One macro as JSON text; `null` means "undefined by the equation". */
export type MacroDefinitions = Record<string, string | null>;

interface TokenLike {
  text: string;
  loc?: { lexer: { input: string }; start: number; end: number } | null;
  noexpand?: boolean | null;
  treatAsRelax?: boolean | null;
}

interface MacroObject {
  tokens: TokenLike[];
  numArgs: number;
  delimiters?: string[][];
  unexpandable?: boolean;
}

/** [text, noexpand, treatAsRelax, input index | -1, start, end] */
type TokenData = [string, 0 | 1, 0 | 1, number, number, number];
interface MacroData {
  n: number;
  d?: string[][];
  u?: boolean;
  /** The TeX sources the tokens were lexed from, referenced by index. */
  i: string[];
  t: TokenData[];
}

// KaTeX does not export its Token and SourceLocation classes; take them from a definition.
const { TokenClass, LocationClass } = (() => {
  const macros: Record<string, MacroObject> = {};
  katex.renderToString('\\gdef\\lemma{x}', { macros: macros as never, globalGroup: true });
  const token = macros['\\lemma'].tokens[0] as object;
  const loc = (token as TokenLike).loc as object;
  return {
    TokenClass: token.constructor as new (text: string, loc?: unknown) => TokenLike,
    LocationClass: loc.constructor as new (lexer: unknown, start: number, end: number) => unknown,
  };
})();

function isMacroObject(value: unknown): value is MacroObject {
  return typeof value === 'object' && value !== null && Array.isArray((value as MacroObject).tokens) && typeof (value as MacroObject).numArgs === 'number';
}

/** JSON for one macro value, or `undefined` when it cannot be represented (a JS function). */
function serializeMacro(value: unknown): string | undefined {
  if (typeof value === 'string') return JSON.stringify(value);
  if (!isMacroObject(value)) return undefined;
  const inputs: string[] = [];
  const tokens: TokenData[] = [];
  for (const token of value.tokens) {
    if (!(token instanceof TokenClass)) return undefined;
    let input = -1;
    if (token.loc) {
      input = inputs.indexOf(token.loc.lexer.input);
      if (input < 0) input = inputs.push(token.loc.lexer.input) - 1;
    }
    tokens.push([token.text, token.noexpand ? 1 : 0, token.treatAsRelax ? 1 : 0, input, token.loc?.start ?? 0, token.loc?.end ?? 0]);
  }
  const data: MacroData = { n: value.numArgs, i: inputs, t: tokens };
  if (value.delimiters) data.d = value.delimiters;
  if (value.unexpandable !== undefined) data.u = value.unexpandable;
  return JSON.stringify(data);
}

/**
 * Every macro as JSON text, keyed by name; `undefined` when some value cannot be
 * represented (then nothing that depends on the macros can be cached).
 */
export function snapshotMacros(macros: Record<string, unknown>): Map<string, string> | undefined {
  const snapshot = new Map<string, string>();
  for (const name of Object.keys(macros)) {
    const json = serializeMacro(macros[name]);
    if (json === undefined) return undefined;
    snapshot.set(name, json);
  }
  return snapshot;
}

/** A stable text for the whole snapshot (key order does not matter to KaTeX). */
export function macrosFingerprint(snapshot: Map<string, string>): string {
  return JSON.stringify([...snapshot].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What rendering changed: new or redefined macros, and removed ones as `null`. */
export function diffMacros(before: Map<string, string>, after: Map<string, string>): MacroDefinitions | undefined {
  let defs: MacroDefinitions | undefined;
  for (const [name, json] of after) {
    if (before.get(name) !== json) (defs ??= {})[name] = json;
  }
  for (const name of before.keys()) {
    if (!after.has(name)) (defs ??= {})[name] = null;
  }
  return defs;
}

function reviveMacro(json: string, lexers: Map<string, { input: string }>): unknown {
  const value = JSON.parse(json) as string | MacroData;
  if (typeof value === 'string') return value;
  // Tokens lexed from the same TeX share one lexer, as KaTeX's own do.
  const lexerFor = (input: string) => {
    let lexer = lexers.get(input);
    if (!lexer) lexers.set(input, (lexer = { input }));
    return lexer;
  };
  const tokens = value.t.map(([text, noexpand, treatAsRelax, input, start, end]) => {
    const loc = input < 0 ? undefined : new LocationClass(lexerFor(value.i[input]), start, end);
    const token = new TokenClass(text, loc);
    if (noexpand) token.noexpand = true;
    if (treatAsRelax) token.treatAsRelax = true;
    return token;
  });
  const macro: MacroObject = { tokens, numArgs: value.n };
  if (value.d) macro.delimiters = value.d;
  if (value.u !== undefined) macro.unexpandable = value.u;
  return macro;
}

/** Apply definitions recorded by `diffMacros` to a document's macros. */
export function replayMacros(macros: Record<string, unknown>, defs: MacroDefinitions): void {
  const lexers = new Map<string, { input: string }>();
  for (const [name, json] of Object.entries(defs)) {
    if (json === null) delete macros[name];
    else macros[name] = reviveMacro(json, lexers);
  }
}
