import type { CheckReport } from '../types.js';

/** The report for machines (`lemma check --json`): the `CheckReport` object as is. */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
