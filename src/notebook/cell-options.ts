import { isMap, parseDocument } from 'yaml';
import type { Cell } from './types.js';

/** What of a code cell is published: Quarto's `#|` options, and Jupyter's cell tags. */
export interface CellOptions {
  /** Show the code (`echo: false`, tags `hide-input`/`remove-input` hide it). */
  echo: boolean;
  /** Show the outputs (`output: false`, tags `hide-output`/`remove-output`). */
  output: boolean;
  /** Publish the cell at all (`include: false`, tag `remove-cell`). */
  include: boolean;
  /** The code inside a collapsed `<details>` (`code-fold: true`; `show` starts it open). */
  fold: false | 'closed' | 'open';
  /** `code-summary:` the fold's label. */
  summary?: string;
  /** `fig-alt:` / `fig-cap:` for the cell's images. */
  figAlt?: string;
  figCap?: string;
}

export interface OptionProblem {
  /** 0-based line of the cell. */
  line: number;
  message: string;
}

export interface ParsedCellOptions {
  options: CellOptions;
  /** The cell's code without its `#|` lines. */
  code: string[];
  /** Lines of the cell before the code (the `#|` lines). */
  skipped: number;
  problems: OptionProblem[];
}

const OPTION_LINE = /^\s*#\|\s?(.*)$/;
const BOOLEAN_OPTIONS = { echo: 'echo', output: 'output', include: 'include' } as const;

/** Read the leading `#| key: value` lines of a code cell (YAML, as Quarto reads them) and its tags. */
export function cellOptions(cell: Cell, lines: string[]): ParsedCellOptions {
  const options: CellOptions = { echo: true, output: true, include: true, fold: false };
  const tags = Array.isArray(cell.metadata?.tags) ? cell.metadata!.tags : [];
  if (tags.includes('hide-input') || tags.includes('remove-input')) options.echo = false;
  if (tags.includes('hide-output') || tags.includes('remove-output')) options.output = false;
  if (tags.includes('remove-cell')) options.include = false;

  let count = 0;
  while (count < lines.length && OPTION_LINE.test(lines[count])) count++;
  const problems: OptionProblem[] = [];
  if (count > 0) {
    const yaml = lines.slice(0, count).map((l) => OPTION_LINE.exec(l)![1]).join('\n');
    const doc = parseDocument(yaml, { prettyErrors: false });
    const raw = doc.errors.length || !isMap(doc.contents) ? undefined : (doc.toJS() as Record<string, unknown>);
    if (!raw) {
      const at = doc.errors[0] ? (yaml.slice(0, doc.errors[0].pos[0]).match(/\n/g)?.length ?? 0) : 0;
      problems.push({ line: at, message: `cell options are not valid YAML: write them as "#| key: value" lines, e.g. "#| echo: false".` });
    } else {
      const lineOf = (key: string) => lines.slice(0, count).findIndex((l) => OPTION_LINE.exec(l)![1].trimStart().startsWith(`${key}:`));
      for (const [key, name] of Object.entries(BOOLEAN_OPTIONS)) {
        if (raw[key] === undefined) continue;
        if (typeof raw[key] === 'boolean') options[name] = raw[key] as boolean;
        else problems.push({ line: Math.max(0, lineOf(key)), message: `cell option "${key}" must be true or false.` });
      }
      const fold = raw['code-fold'];
      if (fold === true) options.fold = 'closed';
      else if (fold === 'show') options.fold = 'open';
      else if (fold !== undefined && fold !== false) problems.push({ line: Math.max(0, lineOf('code-fold')), message: 'cell option "code-fold" must be true, false or show.' });
      for (const [key, name] of [['code-summary', 'summary'], ['fig-alt', 'figAlt'], ['fig-cap', 'figCap']] as const) {
        if (typeof raw[key] === 'string') options[name] = raw[key] as string;
      }
    }
  }
  const code = lines.slice(count);
  // Quarto leaves a blank line after the options; it is not part of the code.
  let skipped = count;
  while (count > 0 && code.length && code[0].trim() === '') {
    code.shift();
    skipped++;
  }
  return { options, code, skipped, problems };
}
