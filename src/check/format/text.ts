import type { CheckReport } from '../types.js';
import { byFile, countWords, describeProblem } from './describe.js';

export interface TextOptions {
  /** ANSI colours (default: off). */
  color?: boolean;
}

const STYLES = { red: '\x1b[31m', yellow: '\x1b[33m', green: '\x1b[32m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/**
 * The terminal report: problems grouped by file with counts, one line each as
 * `file:line` (clickable in most terminals and editors), then a summary line.
 */
export function formatText(report: CheckReport, options: TextOptions = {}): string {
  const paint = (style: keyof typeof STYLES, text: string) => (options.color ? `${STYLES[style]}${text}${STYLES.reset}` : text);
  const out: string[] = [];
  for (const [file, problems] of byFile(report.problems)) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    out.push(`${paint('bold', file)} ${paint('dim', `(${countWords(errors, problems.length - errors)})`)}`);
    const width = Math.max(...problems.map((p) => `${file}:${p.line}`.length));
    for (const problem of problems) {
      const severity = problem.severity === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning');
      const message = describeProblem(problem).replace(/\s*\n\s*/g, ' ').trim();
      out.push(`  ${`${file}:${problem.line}`.padEnd(width)}  ${severity}  ${paint('dim', problem.kind.padEnd(15))} ${message}`);
      if (problem.source) out.push(...problem.source.trim().split('\n').map((l) => `      ${paint('dim', l)}`));
    }
    out.push('');
  }
  for (const note of report.notes) out.push(`${paint('yellow', 'note:')} ${note}`);

  const unchanged = report.pagesParsed === undefined ? 0 : report.pagesChecked - report.pagesParsed;
  const pages = `${report.pagesChecked} ${report.pagesChecked === 1 ? 'page' : 'pages'}${unchanged > 0 ? ` (${unchanged} unchanged since the last check)` : ''}`;
  const scope = [pages, `${report.linksChecked} internal links`];
  if (report.externalChecked) scope.push(`${report.externalChecked} external URLs`);
  const checked = `${scope.join(', ')} checked in ${(report.durationMs / 1000).toFixed(2)} s`;
  if (report.problems.length === 0) {
    out.push(`${paint('green', '✔ No problems')} — ${checked}.`);
  } else {
    const files = byFile(report.problems).size;
    const total = report.problems.length;
    const mark = report.errors > 0 ? paint('red', '✖') : paint('yellow', '⚠');
    out.push(`${mark} ${total} ${total === 1 ? 'problem' : 'problems'} (${countWords(report.errors, report.warnings)}) in ${files} ${files === 1 ? 'file' : 'files'} — ${checked}.`);
  }
  return `${out.join('\n')}\n`;
}
