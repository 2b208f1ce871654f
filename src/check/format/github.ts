import type { CheckReport, Problem } from '../types.js';
import { countWords, describeProblem } from './describe.js';

/** One GitHub annotation: shown on the line of the file in the pull request and the run. */
export interface Annotation {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  title: string;
  message: string;
}

const TITLES: Record<string, string> = {
  math: 'Math error',
  'unrendered-math': 'Unrendered math',
  link: 'Broken link',
  fragment: 'Broken #fragment',
  asset: 'Missing file',
  external: 'External link failed',
};

export function githubAnnotations(report: CheckReport): Annotation[] {
  return report.problems.map((p) => ({
    file: p.file,
    line: p.line,
    severity: p.severity,
    title: TITLES[p.kind] ?? `Lemma: ${p.kind}`,
    message: p.source ? `${describeProblem(p)}\n${p.source.trim()}` : describeProblem(p),
  }));
}

/** The `::error file=…,line=…::message` workflow command for one annotation. */
export function workflowCommand(annotation: Annotation): string {
  const properties = `file=${escapeProperty(annotation.file)},line=${annotation.line},title=${escapeProperty(annotation.title)}`;
  return `::${annotation.severity} ${properties}::${escapeData(annotation.message)}`;
}

export interface SummaryOptions {
  /** Heading of the summary (default "Lemma check"). */
  title?: string;
  /** Link each file:line, e.g. to the file on GitHub at the commit checked. */
  fileUrl?: (file: string, line: number) => string;
  /** Rows shown before "and N more" (default 50). */
  maxRows?: number;
}

/** A Markdown job summary: a verdict line and a table of problems. */
export function jobSummary(report: CheckReport, options: SummaryOptions = {}): string {
  const title = options.title ?? 'Lemma check';
  const maxRows = options.maxRows ?? 50;
  const scope = `${report.pagesChecked} pages, ${report.linksChecked} internal links${report.externalChecked ? `, ${report.externalChecked} external URLs` : ''} checked.`;
  if (report.problems.length === 0) return `### ✅ ${title}: no problems\n\n${scope}\n`;

  const icon = report.errors > 0 ? '❌' : '⚠️';
  const lines = [`### ${icon} ${title}: ${countWords(report.errors, report.warnings)}`, '', scope, '', '| | Where | Kind | Problem |', '| --- | --- | --- | --- |'];
  for (const problem of report.problems.slice(0, maxRows)) lines.push(row(problem, options));
  if (report.problems.length > maxRows) lines.push('', `…and ${report.problems.length - maxRows} more.`);
  return `${lines.join('\n')}\n`;
}

function row(problem: Problem, options: SummaryOptions): string {
  // A backtick in a (hostile) file name would end the code span early.
  const where = `${problem.file}:${problem.line}`.replace(/`/g, "'");
  const link = options.fileUrl ? `[\`${where}\`](${options.fileUrl(problem.file, problem.line)})` : `\`${where}\``;
  return `| ${problem.severity === 'error' ? '❌' : '⚠️'} | ${link} | ${problem.kind} | ${cell(describeProblem(problem))} |`;
}

/**
 * Table cells hold one line, and `|` would end the cell. Messages quote what a post wrote
 * (link targets, TeX), which may come from a stranger's pull request: every character
 * Markdown or HTML would act on is escaped, so nothing renders as a link, an image or markup.
 */
function cell(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_{}[\]()#!|~>]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}

/** Escaping of the GitHub Actions toolkit (`@actions/core` command.ts). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
