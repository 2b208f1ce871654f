import { countWords, describeProblem } from '../check/format/describe.js';
import type { CheckReport, Problem } from './check-result.js';

/** Hidden markers that let later runs find the one comment / issue they own. */
export const PREVIEW_COMMENT_MARKER = '<!-- lemma:pr-preview -->';
export const LINK_ROT_MARKER = '<!-- lemma:link-rot -->';
export const LINK_ROT_TITLE = 'Broken external links in the published blog';

/** How many problems a comment or issue lists before saying "and N more". */
const LISTED = 10;

export interface ChangedPost {
  file: string;
  /** Whether the build produced a page for it (drafts and future-dated posts are left out). */
  published: boolean;
  /** The post's page in the preview. */
  url: string;
}

export interface PreviewCommentInput {
  previewUrl?: string;
  /** Why this run failed and deployed nothing, when it did. */
  failure?: string;
  sha: string;
  commitUrl: string;
  posts: ChangedPost[];
  /** Missing when the run failed before the checks finished. */
  report?: CheckReport;
  runUrl: string;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

/** Escape text for a Markdown table cell or list item (no HTML, no table breaks). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#!|~>]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');
}

/** Why a report stops the deploy, in words for the comment and the summary. */
export function failureReason(report: CheckReport): string {
  const errors = report.problems.filter((p) => p.severity === 'error');
  const frontMatter = errors.filter((p) => p.kind === 'front-matter').length;
  if (frontMatter > 0) return `the build stopped on ${frontMatter} front matter problem(s)`;
  if (errors.some((p) => p.kind === 'build')) return 'the build failed';
  return `the checks found ${report.errors} error(s)`;
}

export function checkCounts(report: CheckReport): string {
  const mark = report.errors > 0 ? '❌' : report.warnings > 0 ? '⚠️' : '✅';
  return `${mark} ${countWords(report.errors, report.warnings)} in ${report.pagesChecked} pages`;
}

/** `file:line` — the place to fix. */
export function where(problem: Problem): string {
  return problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
}

/** `where` as inline code, even when a file name holds backticks. */
function codeWhere(problem: Problem): string {
  const text = where(problem).replace(/`/g, "'");
  return text ? `\`${text}\` ` : '';
}

export function problemList(problems: Problem[], limit = LISTED): string[] {
  const lines = problems.slice(0, limit).map((p) => `- ${codeWhere(p)}**${p.severity}** (${p.kind}): ${escapeMarkdown(describeProblem(p))}`);
  if (problems.length > limit) lines.push(`- …and ${problems.length - limit} more (see the job summary).`);
  return lines;
}

export function previewComment(input: PreviewCommentInput): string {
  const failure = input.failure ? escapeMarkdown(input.failure) : undefined;
  const preview = input.previewUrl ? `[${input.previewUrl}](${input.previewUrl})` : `not updated — ${failure ?? 'nothing was deployed'}`;
  const lines = [PREVIEW_COMMENT_MARKER, failure ? '### ❌ Lemma preview: this run failed' : '### Lemma preview', ''];
  if (failure) lines.push(`**Why:** ${failure}. Nothing was deployed; the preview below is from an earlier run, if any.`, '');
  lines.push(
    '| | |',
    '|---|---|',
    `| **Preview** | ${preview} |`,
    `| **Checks** | ${input.report ? checkCounts(input.report) : '❌ did not finish'} |`,
    `| **Commit** | [\`${short(input.sha)}\`](${input.commitUrl}) |`,
    '',
  );
  if (input.posts.length > 0) {
    lines.push('**Posts changed in this pull request**', '');
    for (const post of input.posts) {
      const name = escapeMarkdown(post.file);
      // Link only what this run really put in the preview.
      if (!post.published) lines.push(`- ${name} (not published in this build: a draft or a future date)`);
      else lines.push(input.previewUrl ? `- [${name}](${post.url})` : `- ${name}`);
    }
    lines.push('');
  }
  if (input.report && input.report.problems.length > 0) lines.push('**First problems**', '', ...problemList(input.report.problems), '');
  lines.push(`<sub>Built from ${short(input.sha)} by [this run](${input.runUrl}).</sub>`);
  return lines.join('\n');
}

export function previewRemovedComment(input: { sha: string; runUrl: string }): string {
  return [
    PREVIEW_COMMENT_MARKER,
    '### Lemma preview',
    '',
    `The preview of this pull request was removed when it was closed (last commit \`${short(input.sha)}\`).`,
    '',
    `<sub>Removed by [this run](${input.runUrl}).</sub>`,
  ].join('\n');
}

export function linkRotIssue(input: { dead: Problem[]; siteUrl: string; runUrl: string }): string {
  const rows = input.dead.map((p) => `| ${escapeMarkdown(p.url ?? '')} | ${codeWhere(p)}| ${escapeMarkdown(p.message)} |`);
  return [
    LINK_ROT_MARKER,
    `The scheduled rebuild of ${input.siteUrl} found ${input.dead.length} external link(s) that no longer work.`,
    'Fix or remove them in the posts below; this issue closes itself after a clean scheduled run.',
    '',
    '| Link | Where | Problem |',
    '|---|---|---|',
    ...rows,
    '',
    `<sub>Last checked by [this run](${input.runUrl}).</sub>`,
  ].join('\n');
}

export function linkRotFixed(runUrl: string): string {
  return `Every external link works again, as of [this scheduled run](${runUrl}). Closing.`;
}
