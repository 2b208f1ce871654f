import { existsSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { formatText } from '../check/format/text.js';
import { lastLines, problemsFromBuildLog } from './build-log.js';
import { parseCheckJson, type CheckReport, type Problem } from './check-result.js';
import { printCommandFree } from './command-free-log.js';
import { ensureEngineInstalled, findEngineRoot, prepareProject, runLemma, type ProcessResult } from './engine.js';
import type { SiteLocation } from './site-url.js';

export interface BuiltSite {
  /** The built site, ready to publish (it may not exist when the build failed). */
  siteDir: string;
  /** The folder the engine built in (the author's own, or an assembled scratch folder). */
  projectDir: string;
  /** Every problem found, whichever stage found it; `errors > 0` means nothing may be published. */
  report: CheckReport;
}

export interface BuildOptions {
  workingDirectory: string;
  /** Where the engine keeps `.cache/` (what the workflow's actions/cache step saves). */
  cacheDir: string;
  tempDir: string;
  location: SiteLocation;
  external: boolean;
  /** Code from a fork: the engine refuses JavaScript data files and front matter. */
  untrusted: boolean;
}

/**
 * Build the blog for `location`, then check it. A build or check that fails, for whatever
 * reason, comes back as problems in the report (with file and line where the engine named
 * them), so every failure is annotated, summarised and commented like a failed check.
 * Throws only when the engine itself cannot be installed or found.
 */
export async function buildAndCheck(options: BuildOptions): Promise<BuiltSite> {
  const engineRoot = findEngineRoot();
  await core.group('Lemma engine', async () => {
    core.info(`Engine: ${engineRoot}`);
    await ensureEngineInstalled(engineRoot, core.info);
  });
  const project = prepareProject({ workingDirectory: options.workingDirectory, engineRoot, tempDir: options.tempDir, cacheDir: options.cacheDir });
  if (project.assembled && !existsSync(path.join(options.workingDirectory, 'site/site.json'))) {
    core.warning(`No site/site.json in ${options.workingDirectory}: building with the engine's default settings (title, author). Add one to name your blog.`);
  }
  if (options.untrusted) core.info('Code from a fork: JavaScript data files and JavaScript front matter are refused (LEMMA_UNTRUSTED=1).');
  const env = { LEMMA_URL: options.location.origin, LEMMA_PATH_PREFIX: options.location.pathPrefix };
  const run = { env, untrusted: options.untrusted };
  const siteDir = path.join(project.dir, '_site');

  const build = await core.group(`Build for ${options.location.origin}${options.location.pathPrefix}`, () =>
    runLemma(engineRoot, project.dir, ['build'], { ...run, echo: true }),
  );
  // Even after a failed build the check runs: it reports each failed equation with its line,
  // and the problems the build recorded (front matter) with theirs.
  const args = ['check', '--json', ...(options.external ? ['--external'] : [])];
  const report = await core.group(options.external ? 'Check (with external links)' : 'Check', async () => {
    const check = await runLemma(engineRoot, project.dir, args, { ...run, echo: false });
    printCommandFree(check.stderr);
    const parsed = checkReport(check, build);
    printCommandFree(formatText(parsed));
    return parsed;
  });
  if (build.code !== 0 && report.errors === 0) {
    // Never publish what the build itself rejected, even if the check found nothing to point at.
    report.problems.unshift(...buildProblems(build));
    report.errors = report.problems.filter((p) => p.severity === 'error').length;
  }
  return { siteDir, projectDir: project.dir, report };
}

/** The check's own report, or, when it could not run (no site was built), what the build said. */
function checkReport(check: ProcessResult, build: ProcessResult): CheckReport {
  if (check.code === 0 || check.code === 1) {
    try {
      return parseCheckJson(check.stdout);
    } catch (err) {
      return failedReport([stageProblem('lemma check', check, err instanceof Error ? err.message : String(err))]);
    }
  }
  if (build.code !== 0) return failedReport(buildProblems(build));
  return failedReport([stageProblem('lemma check', check)]);
}

/** The lines a failed build named, or one problem saying it failed and how. */
function buildProblems(build: ProcessResult): Problem[] {
  const located = problemsFromBuildLog(`${build.stderr}\n${build.stdout}`).filter((p) => p.severity === 'error');
  return located.length > 0 ? located : [stageProblem('lemma build', build)];
}

function stageProblem(stage: string, result: ProcessResult, detail?: string): Problem {
  const how = result.signal ? `was stopped by ${result.signal}` : `failed (exit ${result.code})`;
  const output = detail ?? lastLines(result.stderr || result.stdout, 5);
  return { severity: 'error', kind: 'build', file: '', line: 0, message: `${stage} ${how}${output ? `: ${output}` : '; see its group in the log.'}` };
}

function failedReport(problems: Problem[]): CheckReport {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { problems, errors, warnings: problems.length - errors, pagesChecked: 0, linksChecked: 0, externalChecked: 0, notes: [], durationMs: 0 };
}
