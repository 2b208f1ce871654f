import { formatDiagnostic, type Diagnostic, type DocumentState, type Heading } from '../markdown/index.js';
import type { PageRecord } from './report-file.js';

/** What one Markdown document produced during the build, keyed by its input path. */
export interface DocumentRecord {
  file: string;
  diagnostics: Diagnostic[];
  headings: Heading[];
  mathCount: number;
}

/**
 * Collects per-document results while Eleventy renders, for the layouts (TOC),
 * the CLI (exit code, messages) and the checker. A rebuild of one file replaces
 * only that file's record, so watch mode keeps the others.
 */
export class BuildReport {
  private readonly documents = new Map<string, DocumentRecord>();
  /** Written pages by output path, so the checker can point from a page to its source. */
  private readonly writtenPages = new Map<string, PageRecord>();

  reset(): void {
    this.documents.clear();
    this.writtenPages.clear();
  }

  recordPage(page: PageRecord): void {
    this.writtenPages.set(page.outputPath, page);
  }

  pages(): PageRecord[] {
    return [...this.writtenPages.values()];
  }

  record(state: DocumentState): void {
    this.documents.set(state.file, {
      file: state.file,
      diagnostics: [...state.diagnostics],
      headings: [...state.headings],
      mathCount: state.mathCount,
    });
  }

  forget(file: string): void {
    this.documents.delete(file);
  }

  get(file: string): DocumentRecord | undefined {
    return this.documents.get(file);
  }

  diagnostics(): Diagnostic[] {
    return [...this.documents.values()]
      .flatMap((d) => d.diagnostics)
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  }

  errorCount(): number {
    return this.diagnostics().filter((d) => d.severity === 'error').length;
  }

  toJSON(): { documents: DocumentRecord[] } {
    return { documents: [...this.documents.values()] };
  }
}

/** The report of the build running in this process (the config and the CLI share it). */
export const buildReport = new BuildReport();

/** Print what the build found, `file:line: …` per problem; returns the number of errors. */
export function printDiagnostics(report: BuildReport, stream: NodeJS.WritableStream = process.stderr): number {
  const diagnostics = report.diagnostics();
  for (const d of diagnostics) stream.write(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length) stream.write(`\n${errors} error(s), ${warnings} warning(s)\n`);
  return errors;
}
