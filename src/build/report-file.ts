import { readFileSync } from 'node:fs';
import { writeJsonFile } from '../json-file.js';
import path from 'node:path';
import type { BuildReport, DocumentRecord } from './report.js';
import type { Diagnostic } from '../markdown/index.js';

/** Where a build leaves its report for a later `lemma check` (relative to the project root). */
export const BUILD_REPORT_FILE = '.cache/lemma/build-report.json';
const FORMAT_VERSION = 1;

/** One written page: where it is in the output folder and which source produced it. */
export interface PageRecord {
  /** URL path without the path prefix, as Eleventy knows it (`/posts/a/`). */
  url: string;
  /** Path inside the output folder, POSIX separators (`posts/a/index.html`). */
  outputPath: string;
  /** Source file relative to the project root (`posts/a.md`, `site/pages/index.njk`). */
  inputPath: string;
}

/** The folders Eleventy used, relative to the project root. */
export interface BuildDirectories {
  input: string;
  includes: string;
  data: string;
  output: string;
}

/** What a build tells the checker: math diagnostics per document and page → source map. */
export interface BuildReportData {
  version: number;
  builtAt: string;
  pathPrefix: string;
  directories: BuildDirectories;
  documents: DocumentRecord[];
  pages: PageRecord[];
  /**
   * Set when the build stopped before writing anything (front matter problems, listed
   * in `documents`): the output folder holds an earlier build, which `lemma check`
   * must not pass off as this one.
   */
  failed?: true;
}

/** `./posts/a.md`, `/abs/project/posts/a.md`, `posts\a.md` → `posts/a.md`. */
export function projectRelative(file: string, root: string): string {
  const rel = path.relative(root, path.resolve(root, file));
  return rel.split(path.sep).join('/');
}

/** One result of Eleventy's `eleventy.after` event. */
export interface EleventyResult {
  inputPath: string;
  outputPath: string | false;
  url: string | false;
}

export interface SaveOptions {
  results: EleventyResult[];
  directories: BuildDirectories;
  pathPrefix: string;
  root?: string;
}

/**
 * Record the pages a build wrote and save the whole report where `lemma check` reads it.
 * Written atomically (temp file + rename), so a check never reads half a report.
 */
export function saveBuildReport(report: BuildReport, options: SaveOptions): BuildReportData {
  const root = options.root ?? process.cwd();
  const directories = normalizeDirectories(options.directories, root);
  for (const result of options.results) {
    if (!result.outputPath || result.url === false) continue;
    report.recordPage({
      url: result.url,
      outputPath: projectRelative(path.relative(path.resolve(root, directories.output), path.resolve(root, result.outputPath)), '.'),
      inputPath: projectRelative(result.inputPath, root),
    });
  }
  const data: BuildReportData = {
    version: FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    pathPrefix: options.pathPrefix,
    directories,
    documents: report.toJSON().documents,
    pages: report.pages(),
  };
  writeJsonFile(path.join(root, BUILD_REPORT_FILE), data);
  return data;
}

/**
 * Record a build that stopped before writing: its problems (each with file and line),
 * for `lemma check` to report instead of checking what an earlier build left.
 */
export function saveFailedBuildReport(problems: readonly Diagnostic[], options: { outputDir: string; pathPrefix: string; root?: string }): void {
  const root = options.root ?? process.cwd();
  const documents = new Map<string, DocumentRecord>();
  for (const problem of problems) {
    let doc = documents.get(problem.file);
    if (!doc) documents.set(problem.file, (doc = { file: problem.file, diagnostics: [], headings: [], mathCount: 0 }));
    doc.diagnostics.push(problem);
  }
  const directories = normalizeDirectories({ input: '.', includes: 'site/_includes', data: 'site/_data', output: options.outputDir }, root);
  const data: BuildReportData = {
    version: FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    pathPrefix: options.pathPrefix,
    directories,
    documents: [...documents.values()],
    pages: [],
    failed: true,
  };
  writeJsonFile(path.join(root, BUILD_REPORT_FILE), data);
}

function normalizeDirectories(dirs: BuildDirectories, root: string): BuildDirectories {
  const rel = (dir: string) => projectRelative(dir, root).replace(/\/$/, '') || '.';
  return { input: rel(dirs.input), includes: rel(dirs.includes), data: rel(dirs.data), output: rel(dirs.output) };
}

/** The last build's report, or undefined when there is none; throws when it is unreadable. */
export function readBuildReport(root = process.cwd()): BuildReportData | undefined {
  const file = path.join(root, BUILD_REPORT_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const data = JSON.parse(text) as BuildReportData;
  if (data.version !== FORMAT_VERSION || !Array.isArray(data.pages) || !Array.isArray(data.documents)) {
    throw new Error(`${BUILD_REPORT_FILE} was written by another version of Lemma`);
  }
  return data;
}
