/** A problem found while rendering Markdown, located in the author's source file. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** What kind of problem: used to group reports and by the checker. */
  kind: 'math' | 'front-matter' | 'link' | 'markup';
  /** Path of the Markdown file, relative to the project root when known. */
  file: string;
  /** 1-based line in the file, front matter counted. */
  line: number;
  message: string;
  /** The offending source, e.g. the TeX of an equation. */
  source?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}`;
  const tail = d.source ? `\n    ${d.source.trim().split('\n').join('\n    ')}` : '';
  return `${where}: ${d.severity}: ${d.message}${tail}`;
}
