import type { Finding } from './findings.js';
import { pageUrlPath } from './site-files.js';
import type { SourceLocator } from './source-locator.js';
import type { CheckReport, Problem } from './types.js';

export interface LocateContext {
  locator: SourceLocator;
  /** Output path → source file, from the build report. */
  inputPaths: Map<string, string>;
  /** The site folder relative to the project root, for locations in built HTML. */
  siteDirName: string;
  pathPrefix: string;
}

/** Trace each finding to the source line that wrote it. */
export function locateFindings(findings: Finding[], ctx: LocateContext): Problem[] {
  const seen = new Map<string, number>();
  return findings.flatMap((finding) => {
    const key = `${finding.page}\0${finding.needles[0]?.text}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const inputPath = ctx.inputPaths.get(finding.page);
    const where = ctx.locator.locate({
      inputPath,
      needles: finding.needles,
      occurrence,
      fallback: { file: `${ctx.siteDirName}/${finding.page}`, line: finding.htmlLine },
    });
    if (finding.mustBeInSource && inputPath && !where.inSource) return [];
    const problem: Problem = { severity: finding.severity, kind: finding.kind, file: where.file, line: where.line, message: finding.message };
    if (finding.url !== undefined) problem.url = finding.url;
    problem.page = pageUrlPath(finding.page, ctx.pathPrefix);
    if (finding.source !== undefined) problem.source = finding.source;
    return [problem];
  });
}

/**
 * One problem per place to fix: a broken link in a layout shows on every page but
 * is one line to edit, so it is reported once with the number of pages it is on.
 */
export function mergeProblems(problems: Problem[]): Problem[] {
  const merged = new Map<string, Problem>();
  for (const problem of problems) {
    const key = [problem.kind, problem.file, problem.line, problem.url ?? '', problem.url === undefined ? problem.message : '', problem.source ?? ''].join('\0');
    const existing = merged.get(key);
    if (existing) existing.pageCount = (existing.pageCount ?? 1) + 1;
    else merged.set(key, { ...problem });
  }
  return [...merged.values()].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.kind.localeCompare(b.kind) || a.message.localeCompare(b.message),
  );
}

export function summarize(problems: Problem[], rest: Omit<CheckReport, 'problems' | 'errors' | 'warnings'>): CheckReport {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { problems, errors, warnings: problems.length - errors, ...rest };
}
