import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../markdown/index.js';
import { joinText, type Cell, type Notebook } from './types.js';

/** One cell's source as lines. */
export interface CellSource {
  /** 1-based position of the cell in the notebook, as messages name it. */
  number: number;
  lines: string[];
}

/** Where cells and their lines are in the .ipynb file. */
export interface NotebookLocations {
  /** 1-based line in the .ipynb file of each source line of each cell. */
  fileLines: number[][];
  /** 1-based .ipynb line where each cell's JSON object starts. */
  cellLines: number[];
}

export interface ParsedNotebook {
  file: string;
  notebook: Notebook;
  sources: CellSource[];
  /**
   * Found when a message needs them: locating every node of a notebook's JSON costs
   * seconds for one with many large figures, and a notebook without problems needs none.
   */
  locations(): NotebookLocations;
}

/** A notebook that cannot be read: every problem, each naming the file, line and cell. */
export class NotebookError extends Error {
  constructor(readonly problems: Diagnostic[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'NotebookError';
  }
}

/** 1-based line of each offset in `text`. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

const SYNTAX_HINT = 'The file is not valid JSON (a merge conflict or a hand edit?): open it in Jupyter and save it again, or fix the line.';

/** The cell (1-based) whose JSON the offset falls in, from a tree that may be partial. */
function cellAt(tree: Node | undefined, offset: number): number | undefined {
  const cells = tree && findNodeAtLocation(tree, ['cells']);
  if (!cells?.children) return undefined;
  let found: number | undefined;
  cells.children.forEach((cell, i) => {
    if (cell.offset <= offset) found = i + 1;
  });
  return found;
}

function sourceLines(node: Node | undefined, lineOf: (offset: number) => number): { lines: string[]; fileLines: number[] } {
  const lines: string[] = [];
  const fileLines: number[] = [];
  const parts = node?.type === 'array' ? (node.children ?? []) : node ? [node] : [];
  for (const part of parts) {
    if (part.type !== 'string') continue;
    const line = lineOf(part.offset);
    String(part.value)
      .split('\n')
      .forEach((piece, i) => {
        // nbformat splits after each `\n`: a list item without one continues in the next.
        if (i === 0 && lines.length) {
          // A line that starts in this item is on this item's line of the file.
          if (lines[lines.length - 1] === '') fileLines[fileLines.length - 1] = line;
          lines[lines.length - 1] += piece;
        } else {
          lines.push(piece);
          fileLines.push(line);
        }
      });
  }
  // The text after the last newline is a line only when it is not empty.
  if (lines.at(-1) === '') {
    lines.pop();
    fileLines.pop();
  }
  return { lines: lines.map((l) => l.replace(/\r$/, '')), fileLines };
}

/** A cell's source as lines, as nbformat's list of lines (each ending in its `\n`) joins up. */
function splitSource(source: unknown): string[] {
  const lines = joinText(source).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => l.replace(/\r$/, ''));
}

function locate(text: string): NotebookLocations {
  const lineOf = lineIndex(text);
  const tree = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  const cellNodes = (tree && findNodeAtLocation(tree, ['cells'])?.children) ?? [];
  return {
    fileLines: cellNodes.map((node) => sourceLines(findNodeAtLocation(node, ['source']), lineOf).fileLines),
    cellLines: cellNodes.map((n) => lineOf(n.offset)),
  };
}

/**
 * Read a notebook's JSON. Never executes anything: the saved cells and outputs are the
 * notebook. Throws a NotebookError naming the line (and the cell) of bad JSON, or of a
 * cell that is not what nbformat 4 says.
 */
export function parseNotebook(file: string, text: string): ParsedNotebook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const offset = errors[0]?.offset ?? Number(/position (\d+)/.exec(String(err))?.[1] ?? 0);
    const what = errors[0] ? printParseErrorCode(errors[0].error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : String((err as Error).message);
    const cell = cellAt(tree, offset);
    const where = cell ? `cell ${cell}: ` : '';
    throw new NotebookError([{ severity: 'error', kind: 'front-matter', file, line: lineIndex(text)(offset), message: `${where}notebook is not valid JSON (${what}). ${SYNTAX_HINT}` }]);
  }
  let located: NotebookLocations | undefined;
  const locations = () => (located ??= locate(text));
  const problem = (line: number, message: string): Diagnostic => ({ severity: 'error', kind: 'front-matter', file, line, message });
  const notebook = value as Notebook;
  if (typeof value !== 'object' || value === null || !Array.isArray(notebook.cells)) {
    throw new NotebookError([problem(1, 'not a Jupyter notebook: it has no "cells" list. Save it from Jupyter (nbformat 4).')]);
  }
  if (typeof notebook.nbformat === 'number' && notebook.nbformat < 4) {
    throw new NotebookError([problem(1, `nbformat ${notebook.nbformat} is not supported: convert it with "jupyter nbconvert --to notebook --nbformat 4" or save it from Jupyter 7.`)]);
  }
  const problems: Diagnostic[] = [];
  const sources: CellSource[] = notebook.cells.map((cell: Cell, i) => {
    const ok = typeof cell === 'object' && cell !== null && typeof cell.cell_type === 'string' && (typeof cell.source === 'string' || Array.isArray(cell.source));
    if (!ok) problems.push(problem(locations().cellLines[i] ?? 1, `cell ${i + 1}: not a notebook cell (it needs "cell_type" and "source"). Open the notebook in Jupyter and save it again.`));
    return { number: i + 1, lines: ok ? splitSource(cell.source) : [] };
  });
  if (problems.length) throw new NotebookError(problems);
  return { file, notebook, sources, locations };
}
