import { existsSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { CheckOutcome } from './check-result.js';
import { checkCounts, problemList } from './messages.js';

/** GitHub shows only the first few annotations of a step; more would only be noise. */
const ANNOTATED = 50;

/**
 * Annotate the Markdown (or template) line of each of the first problems. Problem files are
 * relative to the blog folder; annotations need paths from the repository root, and only files
 * the repository really has (not the engine's built-in templates).
 */
export function annotate(outcome: CheckOutcome, options: { workspace: string; workingDirectory: string }): void {
  for (const problem of outcome.problems.slice(0, ANNOTATED)) {
    const absolute = path.join(options.workingDirectory, problem.file);
    const inRepo = problem.file && existsSync(absolute) ? path.relative(options.workspace, absolute).split(path.sep).join('/') : undefined;
    const properties: core.AnnotationProperties = { title: `Lemma: ${problem.kind}` };
    if (inRepo) {
      properties.file = inRepo;
      if (problem.line > 0) properties.startLine = problem.line;
    }
    const message = inRepo ? problem.message : `${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.message}`;
    if (problem.severity === 'error') core.error(message, properties);
    else core.warning(message, properties);
  }
}

export interface SummaryInput {
  reason: string;
  outcome?: CheckOutcome;
  deployed?: string;
  pageUrl: string;
  previewUrl?: string;
  notes: string[];
}

/** The job summary: what ran, the check table, the first problems, and where the site went. */
export async function writeSummary(input: SummaryInput): Promise<void> {
  const summary = core.summary.addHeading('Lemma', 2).addRaw(`<p>${escapeHtml(capitalize(input.reason))}.</p>`, true);
  for (const note of input.notes) summary.addRaw(`<p><strong>${escapeHtml(note)}</strong></p>`, true);
  if (input.outcome) {
    const o = input.outcome;
    summary.addTable([
      [
        { data: 'Pages checked', header: true },
        { data: 'Errors', header: true },
        { data: 'Warnings', header: true },
      ],
      [String(o.pagesChecked), String(o.errors), String(o.warnings)],
    ]);
    summary.addRaw(checkCounts(o), true).addEOL();
    if (o.problems.length > 0) summary.addEOL().addRaw(problemList(o.problems, 30).join('\n'), true).addEOL();
  }
  const where: string[] = [];
  if (input.deployed) where.push(`- ${input.deployed}`);
  where.push(`- Site: ${input.pageUrl}`);
  if (input.previewUrl) where.push(`- Preview: ${input.previewUrl}`);
  summary.addEOL().addRaw(where.join('\n'), true);
  if (process.env.GITHUB_STEP_SUMMARY) await summary.write();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
