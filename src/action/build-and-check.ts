import { existsSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { parseCheckJson, type CheckOutcome } from './check-result.js';
import { ensureEngineInstalled, findEngineRoot, prepareProject, runLemma } from './engine.js';
import type { SiteLocation } from './site-url.js';

export interface BuiltSite {
  /** The built site, ready to publish. */
  siteDir: string;
  /** The folder the engine built in (the author's own, or an assembled scratch folder). */
  projectDir: string;
  outcome: CheckOutcome;
}

/** Build the blog for `location`, then check it; throws only when the engine could not run at all. */
export async function buildAndCheck(options: { workingDirectory: string; tempDir: string; location: SiteLocation; external: boolean }): Promise<BuiltSite> {
  const engineRoot = findEngineRoot();
  await ensureEngineInstalled(engineRoot, core.info);
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
  const check = await core.group(options.external ? 'Check (with external links)' : 'Check', async () => {
    const result = await runLemma(engineRoot, project.dir, args, { env, echo: false });
    if (result.stderr) process.stdout.write(result.stderr);
    return result;
  });
  if (check.code !== 0 && check.code !== 1) {
    throw new Error(`lemma check could not run (exit ${check.code}): ${lastLines(check.stderr || check.stdout)}`);
  }
  const outcome = parseCheckJson(check.stdout);
  if (build.code !== 0 && outcome.errors === 0) {
    // Never publish what the build itself rejected, even if the check found nothing to point at.
    outcome.problems.unshift({ severity: 'error', kind: 'build', file: 'posts', line: 0, message: 'lemma build reported errors; see the Build step of the log.' });
    outcome.errors = 1;
  }
  return { siteDir, projectDir: project.dir, outcome };
}

function lastLines(text: string, count = 15): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
