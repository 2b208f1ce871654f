import type { CheckReport, Problem } from '../check/types.js';

export type { CheckReport, Problem };

/** Parse what `lemma check --json` printed, failing loudly if it is not a check report. */
export function parseCheckJson(text: string): CheckReport {
  let data: Partial<CheckReport>;
  try {
    data = JSON.parse(text) as Partial<CheckReport>;
  } catch {
    throw new Error(`lemma check --json printed something that is not JSON: ${text.slice(0, 200)}`);
  }
  if (!data || !Array.isArray(data.problems)) throw new Error('lemma check --json printed JSON without a "problems" list.');
  const problems = data.problems;
  const count = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  return {
    problems,
    errors: count(data.errors, problems.filter((p) => p.severity === 'error').length),
    warnings: count(data.warnings, problems.filter((p) => p.severity === 'warning').length),
    pagesChecked: count(data.pagesChecked, 0),
    linksChecked: count(data.linksChecked, 0),
    externalChecked: count(data.externalChecked, 0),
    notes: Array.isArray(data.notes) ? data.notes : [],
    durationMs: count(data.durationMs, 0),
  };
}

/** External links that failed: what the scheduled link-rot issue lists. */
export function deadExternalLinks(report: CheckReport): Problem[] {
  return report.problems.filter((p) => p.kind === 'external');
}
