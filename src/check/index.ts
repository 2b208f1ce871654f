import { statSync } from 'node:fs';
import path from 'node:path';
import { BUILD_REPORT_FILE, projectRelative, readBuildReport, type BuildReportData } from '../build/report-file.js';
import { cacheTurnedOff, DEFAULT_SETTINGS_FILE, loadSettings, normalizePathPrefix, type SiteSettings } from '../settings.js';
import { checkExternal } from './external/index.js';
import type { Finding } from './findings.js';
import { ignoreMatcher } from './ignore.js';
import { checkInternalLinks } from './internal-links.js';
import { PageScanCache, scanPages } from './page-cache.js';
import { loadPageScans, savePageScans, SCAN_STORE_FILE } from './scan-store.js';
import { mathFindings } from './math-findings.js';
import { locateFindings, mergeProblems, summarize } from './problems.js';
import { SiteFiles } from './site-files.js';
import { SourceLocator } from './source-locator.js';
import { CheckSetupError, type CheckOptions, type CheckReport, type Problem } from './types.js';

export type { CheckOptions, CheckReport, Problem, ProblemKind } from './types.js';
export { CheckSetupError } from './types.js';
export { PageScanCache } from './page-cache.js';

/** Where templates live when there is no build report to say (the engine's defaults). */
const DEFAULT_TEMPLATE_DIRS = ['site/_includes', 'site/_data'];

/**
 * Check a built site: math errors and warnings from the build, TeX left unrendered
 * on a page, internal links, assets and `#fragments`, and (opt-in) external links.
 * Every problem is reported against the Markdown or template line that wrote it.
 * Throws `CheckSetupError` when it cannot run (no site folder, bad settings).
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const root = path.resolve(options.projectRoot ?? process.cwd());
  const siteDir = path.resolve(root, options.siteDir);
  const siteDirName = projectRelative(siteDir, root);
  const notes: string[] = [];
  const build = options.buildReport !== undefined ? options.buildReport : readReport(root, notes);
  const report = build && build.directories.output !== siteDirName ? staleReport(build, siteDirName, notes) : build;
  // The last build into this folder stopped: what is there is older, and not what to fix.
  if (report?.failed) return failedBuild(report, siteDirName, started);
  if (!isDirectory(siteDir)) {
    throw new CheckSetupError(`No built site at ${siteDirName}/. Run \`lemma build\` first (or pass --output DIR for another folder).`);
  }
  const settingsFile = process.env.LEMMA_SETTINGS ?? DEFAULT_SETTINGS_FILE;
  const settings = options.settings ?? readSettings(path.resolve(root, settingsFile));
  const pathPrefix = normalizePathPrefix(options.pathPrefix ?? report?.pathPrefix ?? settings.pathPrefix);
  let isIgnored: (...forms: string[]) => boolean;
  try {
    isIgnored = ignoreMatcher(settings.check.ignore);
  } catch (err) {
    throw new CheckSetupError(`${settingsFile}: ${(err as Error).message}`);
  }

  const files = await SiteFiles.load(siteDir);
  const { scans, parsed } = await scanWithStore(siteDir, files.htmlPages(), options, root, notes);
  const links = checkInternalLinks({ files, scans, pathPrefix, origin: new URL(settings.url).origin, isIgnored });
  const findings: Finding[] = [...links.findings, ...mathFindings(scans, report !== undefined && report !== null)];

  let externalChecked = 0;
  if (options.external || options.strictExternal) {
    const external = await checkExternal(links.external, settings, root, options);
    findings.push(...external.findings);
    externalChecked = external.checked;
  }

  const locator = new SourceLocator(
    root,
    report ? [report.directories.includes, report.directories.data] : DEFAULT_TEMPLATE_DIRS,
    projectRelative(settingsFile, root),
  );
  const inputPaths = new Map((report?.pages ?? []).map((p) => [p.outputPath, p.inputPath]));
  const fromBuild = buildProblems(report);
  // Where the build already explained a line's math (e.g. an environment inside a paragraph), its TeX left on the page is the same problem.
  const explained = new Set(fromBuild.map((p) => `${p.file}:${p.line}`));
  const located = locateFindings(findings, { locator, inputPaths, siteDirName, pathPrefix }).filter(
    (p) => p.kind !== 'unrendered-math' || !explained.has(`${p.file}:${p.line}`),
  );
  const problems = mergeProblems([...fromBuild, ...located]);
  return summarize(problems, {
    pagesChecked: scans.size,
    pagesParsed: parsed,
    linksChecked: links.linksChecked,
    externalChecked,
    notes,
    durationMs: Math.round(performance.now() - started),
  });
}

/**
 * Scan the pages, through the page-scan store unless turned off: a fresh cache (or the
 * dev server's, the first time) is filled from the store first, and the store is
 * rewritten when a page was parsed or left the site. The store never fails a check.
 */
async function scanWithStore(siteDir: string, pages: string[], options: CheckOptions, root: string, notes: string[]) {
  const off = options.scanStore === false || (options.scanStore === undefined && cacheTurnedOff());
  const store = off ? undefined : path.resolve(root, options.scanStore || SCAN_STORE_FILE);
  const cache = options.pageCache ?? (store ? new PageScanCache() : undefined);
  if (store && cache && cache.size === 0) {
    const { ignored } = loadPageScans(store, cache);
    if (ignored) notes.push(`Ignored the page-scan cache ${projectRelative(store, root)} (${ignored}): every page was parsed.`);
  }
  const before = cache?.size ?? 0;
  const result = await scanPages(siteDir, pages, cache);
  if (store && cache && (result.parsed > 0 || cache.size !== before)) {
    try {
      savePageScans(store, cache);
    } catch (err) {
      notes.push(`Could not save the page-scan cache ${projectRelative(store, root)} (${(err as Error).message}): the next check parses every page.`);
    }
  }
  return result;
}

/** The report of a build that wrote nothing: its problems, each with file and line. */
function failedBuild(report: BuildReportData, siteDirName: string, started: number): CheckReport {
  const note = `The last build (${report.builtAt}) stopped before writing anything: ${siteDirName}/ holds an earlier build and was not checked. Fix the front matter problems listed, then run \`lemma build\` again.`;
  return summarize(mergeProblems(buildProblems(report)), {
    pagesChecked: 0,
    pagesParsed: 0,
    linksChecked: 0,
    externalChecked: 0,
    notes: [note],
    durationMs: Math.round(performance.now() - started),
  });
}

/** Math errors and warnings (and any other diagnostics) the build recorded, already located. */
function buildProblems(report: BuildReportData | null | undefined): Problem[] {
  return (report?.documents ?? []).flatMap((doc) =>
    doc.diagnostics.map((d) => {
      const problem: Problem = { severity: d.severity, kind: d.kind, file: d.file, line: d.line, message: d.message };
      if (d.source !== undefined) problem.source = d.source;
      return problem;
    }),
  );
}

function readSettings(file: string): SiteSettings {
  try {
    return loadSettings(file);
  } catch (err) {
    throw new CheckSetupError((err as Error).message);
  }
}

function readReport(root: string, notes: string[]): BuildReportData | undefined {
  try {
    const report = readBuildReport(root);
    if (!report) notes.push(`No build report (${BUILD_REPORT_FILE}): math warnings are not checked and problems are located by searching the sources. Run \`lemma build\` first.`);
    return report;
  } catch (err) {
    notes.push(`Ignored ${BUILD_REPORT_FILE} (${(err as Error).message}). Run \`lemma build\` to write a fresh one.`);
    return undefined;
  }
}

function staleReport(report: BuildReportData, siteDirName: string, notes: string[]): undefined {
  notes.push(`The last build wrote ${report.directories.output}/, not ${siteDirName}/: its report was ignored. Build into ${siteDirName}/ for source lines and math warnings.`);
  return undefined;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
