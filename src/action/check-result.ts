/** One problem `lemma check --json` reported. */
export interface CheckProblem {
  severity: 'error' | 'warning';
  kind: string;
  file: string;
  line: number;
  message: string;
  url?: string;
  page?: string;
}

/** The part of `lemma check --json` this action reads. */
export interface CheckOutcome {
  problems: CheckProblem[];
  errors: number;
  warnings: number;
  pagesChecked: number;
}

/** Parse the JSON `lemma check --json` printed, failing loudly if it is not a check report. */
export function parseCheckJson(text: string): CheckOutcome {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`lemma check --json printed something that is not JSON: ${text.slice(0, 200)}`);
  }
  const report = data as Partial<CheckOutcome>;
  if (!report || !Array.isArray(report.problems)) throw new Error('lemma check --json printed JSON without a "problems" list.');
  const problems = report.problems;
  return {
    problems,
    errors: typeof report.errors === 'number' ? report.errors : problems.filter((p) => p.severity === 'error').length,
    warnings: typeof report.warnings === 'number' ? report.warnings : problems.filter((p) => p.severity === 'warning').length,
    pagesChecked: typeof report.pagesChecked === 'number' ? report.pagesChecked : 0,
  };
}

/** External links that failed: what the scheduled link-rot issue lists. */
export function deadExternalLinks(outcome: CheckOutcome): CheckProblem[] {
  return outcome.problems.filter((p) => p.kind === 'external');
}
