import type { ImportResult } from './types.js';

/** The import's report for the terminal: what was written, converted, and what was not. */
export function formatImportReport(result: ImportResult, sourceDir: string): string {
  const lines: string[] = [];
  lines.push(`Imported ${result.posts.length} post(s) from a ${result.source} site (${sourceDir}) into posts/:`);
  for (const post of result.posts) lines.push(`  ${post.file}  ← ${post.source}${post.oldUrl ? `  (old URL ${post.oldUrl} redirects here)` : ''}`);
  if (result.files.length) lines.push(`Copied ${result.files.length} file(s) the posts use beside them (links rewritten).`);
  const where = (n: { file: string; line: number }) => (n.line ? `${n.file}:${n.line}` : n.file);
  const converted = result.notes.filter((n) => n.kind === 'converted');
  if (converted.length) {
    lines.push('', 'Converted:');
    for (const n of converted) lines.push(`  ${where(n)}: ${n.message}`);
  }
  const unconverted = result.notes.filter((n) => n.kind === 'unconverted');
  lines.push('', unconverted.length ? `Could not convert (${unconverted.length}): fix these by hand.` : 'Nothing was left unconverted.');
  for (const n of unconverted) lines.push(`  ${where(n)}: ${n.message}`);
  lines.push('', 'Next: npm run build && npm run check');
  return lines.join('\n');
}
