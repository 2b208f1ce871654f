import { validateFrontMatter, type FrontMatterResult } from '../site/front-matter.js';
import type { Diagnostic } from '../markdown/index.js';
import type { ParsedNotebook } from './parse.js';

/**
 * Quarto's convention: a notebook's front matter is its first cell, a raw cell holding
 * YAML between `---` lines. It is read and validated exactly as a Markdown post's.
 */
export function frontMatterCell(parsed: ParsedNotebook): string | undefined {
  const first = parsed.notebook.cells[0];
  const lines = parsed.sources[0]?.lines ?? [];
  if (first?.cell_type !== 'raw' || lines[0]?.trim() !== '---') return undefined;
  return lines.join('\n');
}

/** A problem at `line` of cell `cell` (1-based both), placed on the .ipynb line and named by cell and line. */
export function inCell(parsed: ParsedNotebook, cell: number, line: number, problem: Diagnostic): Diagnostic {
  const { fileLines, cellLines } = parsed.locations();
  const lines = fileLines[cell - 1];
  const fileLine = lines?.[line - 1] ?? lines?.at(-1) ?? cellLines[cell - 1] ?? 1;
  return { ...problem, file: parsed.file, line: fileLine, message: `cell ${cell}, line ${line}: ${problem.message}` };
}

const missing = new WeakSet<Diagnostic>();

/** The problem of a notebook with no front matter cell (one a post may embed instead). */
export function isMissingFrontMatter(problem: Diagnostic): boolean {
  return missing.has(problem);
}

/** Validate a notebook post's front matter cell: the same fields and rules as a Markdown post. */
export function validateNotebookFrontMatter(parsed: ParsedNotebook): FrontMatterResult {
  const cell = frontMatterCell(parsed);
  if (cell === undefined) {
    const problem: Diagnostic = {
      severity: 'error',
      kind: 'front-matter',
      file: parsed.file,
      line: parsed.locations().cellLines[0] ?? 1,
      message:
        'cell 1: no front matter. Make the first cell a raw cell holding the post\'s YAML between --- lines (a "title:" and a "date:" line), ' +
        'or, to show it inside a Markdown post instead, embed it there with "::: notebook name.ipynb".',
    };
    missing.add(problem);
    return { problems: [problem] };
  }
  const result = validateFrontMatter(parsed.file, cell);
  return { ...result, problems: result.problems.map((p) => inCell(parsed, 1, p.line, p)) };
}
