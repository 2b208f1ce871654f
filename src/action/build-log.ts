import type { Problem } from './check-result.js';

/** `posts/a.md:3: error: front matter "date": …` — how the engine names a line to fix. */
const LOCATED = /^([^\s:][^:\n]*?):(\d+)(?::\d+)?: (error|warning): (.+)$/;

/**
 * The problems a failed `lemma build` printed, for when no check report can say more
 * (the build stopped before writing a site). Lines that name no file are left to the log.
 */
export function problemsFromBuildLog(text: string): Problem[] {
  const problems: Problem[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const match = LOCATED.exec(raw.trim());
    if (!match) continue;
    const [, file, line, severity, message] = match;
    problems.push({
      severity: severity as Problem['severity'],
      kind: /^front matter\b/i.test(message) ? 'front-matter' : 'build',
      file,
      line: Number(line),
      message,
    });
  }
  return problems;
}

/** The last lines of a process's output, for a message that must stay short. */
export function lastLines(text: string, count = 15): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
