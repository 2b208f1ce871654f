import { existsSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { githubAnnotations, jobSummary } from '../check/format/github.js';
import type { CheckReport } from './check-result.js';
import { escapeMarkdown } from './messages.js';

/** GitHub shows only the first few annotations of a step; more would only be noise. */
const ANNOTATED = 50;

/** Maps a problem's file (relative to the blog folder) to a path in the repository, if it is one. */
export type RepoPath = (file: string) => string | undefined;

export function repoPathResolver(workspace: string, workingDirectory: string): RepoPath {
  return (file) => {
    const absolute = path.join(workingDirectory, file);
    // The engine's built-in templates are not in the author's repository: no file to annotate.
    if (!file || !existsSync(absolute)) return undefined;
    return path.relative(workspace, absolute).split(path.sep).join('/');
  };
}

/** The report with each problem's file as a path from the repository root, where it is one. */
export function inRepoPaths(report: CheckReport, repoPath: RepoPath): CheckReport {
  return { ...report, problems: report.problems.map((p) => ({ ...p, file: repoPath(p.file) ?? p.file })) };
}

/**
 * Link problems as the author wrote them: the engine adds the site's path prefix (for a
 * preview, `/repo/pr-preview/pr-N/`) to every link, which the Markdown never contained.
 */
export function asWritten(report: CheckReport, pathPrefix: string): CheckReport {
  if (pathPrefix === '/') return report;
  const strip = (text: string) => text.split(pathPrefix).join('/');
  return {
    ...report,
    problems: report.problems.map((p) => ({
      ...p,
      ...(['link', 'fragment', 'asset'].includes(p.kind) ? { message: strip(p.message) } : {}),
      ...(p.url && p.kind !== 'external' ? { url: strip(p.url) } : {}),
      ...(p.page ? { page: strip(p.page) } : {}),
    })),
  };
}

/** Annotations on the lines of the first problems (the check's own titles and messages). */
export function annotate(report: CheckReport, repoPath: RepoPath): void {
  for (const annotation of githubAnnotations(report).slice(0, ANNOTATED)) {
    const file = repoPath(annotation.file);
    const properties: core.AnnotationProperties = { title: annotation.title };
    if (file) {
      properties.file = file;
      if (annotation.line > 0) properties.startLine = annotation.line;
    }
    const where = annotation.line > 0 ? `${annotation.file}:${annotation.line}` : annotation.file;
    const message = file || !where ? annotation.message : `${where}: ${annotation.message}`;
    if (annotation.severity === 'error') core.error(message, properties);
    else core.warning(message, properties);
  }
}

export interface SummaryInput {
  reason: string;
  /** Why the run failed, when it did: said first. */
  failure?: string;
  report?: CheckReport;
  deployed?: string;
  pageUrl: string;
  previewUrl?: string;
  notes: string[];
}

/** The job summary: what ran and why, the check table, and where the site went. */
export async function writeSummary(input: SummaryInput): Promise<void> {
  const lines = ['## Lemma', '', `${capitalize(input.reason)}.`, ''];
  if (input.failure) lines.push(`### ❌ This run failed`, '', escapeMarkdown(input.failure), '');
  for (const note of input.notes) lines.push(`**${escapeMarkdown(note)}**`, '');
  if (input.report) lines.push(jobSummary(input.report, { maxRows: 50 }));
  if (input.deployed) lines.push(`- ${input.deployed}`);
  lines.push(`- Site: ${input.pageUrl}`);
  if (input.previewUrl) lines.push(`- Preview: ${input.previewUrl}`);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(lines.join('\n'), true).write();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
