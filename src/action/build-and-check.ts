import { existsSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { formatText } from '../check/format/text.js';
import { parseCheckJson, type CheckReport } from './check-result.js';
import { ensureEngineInstalled, findEngineRoot, prepareProject, runLemma } from './engine.js';
import type { SiteLocation } from './site-url.js';

export interface BuiltSite {
  /** The built site, ready to publish. */
  siteDir: string;
  /** The folder the engine built in (the author's own, or an assembled scratch folder). */
  projectDir: string;
  report: CheckReport;
}

/** Build the blog for `location`, then check it; throws only when the engine could not run at all. */
export async function buildAndCheck(options: { workingDirectory: string; tempDir: string; location: SiteLocation; external: boolean }): Promise<BuiltSite> {
  const engineRoot = findEngineRoot();
  await core.group('Lemma engine', async () => {
    core.info(`Engine: ${engineRoot}`);
    await ensureEngineInstalled(engineRoot, core.info);
  });
  const project = prepareProject({ workingDirectory: options.workingDirectory, engineRoot, tempDir: options.tempDir });
  if (project.assembled && !existsSync(path.join(options.workingDirectory, 'site/site.json'))) {
    core.warning(`No site/site.json in ${options.workingDirectory}: building with the engine's default settings (title, author). Add one to name your blog.`);
  }
  const env = { LEMMA_URL: options.location.origin, LEMMA_PATH_PREFIX: options.location.pathPrefix };
  const siteDir = path.join(project.dir, '_site');

  const build = await core.group(`Build for ${options.location.origin}${options.location.pathPrefix}`, () =>
    runLemma(engineRoot, project.dir, ['build'], { env, echo: true }),
  );
  // Exit 1 means pages were built but some equation failed: the check reports each one with its line.
  if (build.code !== 0 && (build.code !== 1 || !existsSync(siteDir))) {
    throw new Error(`lemma build could not run (exit ${build.code}): ${lastLines(build.stderr || build.stdout)}`);
  }

  const args = ['check', '--json', ...(options.external ? ['--external'] : [])];
  const report = await core.group(options.external ? 'Check (with external links)' : 'Check', async () => {
    const check = await runLemma(engineRoot, project.dir, args, { env, echo: false });
    if (check.stderr) process.stdout.write(check.stderr);
    if (check.code !== 0 && check.code !== 1) {
      throw new Error(`lemma check could not run (exit ${check.code}): ${lastLines(check.stderr || check.stdout)}`);
    }
    const parsed = parseCheckJson(check.stdout);
    core.info(formatText(parsed));
    return parsed;
  });
  if (build.code !== 0 && report.errors === 0) {
    // Never publish what the build itself rejected, even if the check found nothing to point at.
    report.problems.unshift({ severity: 'error', kind: 'math', file: 'lemma build', line: 0, message: 'the build reported errors; see the Build group of the log.' });
    report.errors = 1;
  }
  return { siteDir, projectDir: project.dir, report };
}

function lastLines(text: string, count = 15): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
