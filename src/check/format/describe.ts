import type { Problem } from '../types.js';

/** The problem's message plus where it shows, when that is not obvious from the file. */
export function describeProblem(problem: Problem): string {
  if (!problem.page || /\.(md|ipynb)$/.test(problem.file)) return problem.message;
  const count = problem.pageCount ?? 1;
  return count > 1 ? `${problem.message} (on ${count} pages, e.g. ${problem.page})` : `${problem.message} (on ${problem.page})`;
}

/** `3 errors, 1 warning` */
export function countWords(errors: number, warnings: number): string {
  return `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
}

/** Problems grouped by file, in report order. */
export function byFile(problems: Problem[]): Map<string, Problem[]> {
  const groups = new Map<string, Problem[]>();
  for (const problem of problems) {
    const group = groups.get(problem.file) ?? [];
    group.push(problem);
    groups.set(problem.file, group);
  }
  return groups;
}
