import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The browser tests serve the blog below a prefix, as GitHub Pages serves a project site. */
export const E2E_PATH_PREFIX = '/lemma/';

export interface E2eBlog {
  projectDir: string;
  outputDir: string;
}

/**
 * The blog the browser tests read: the sample posts (a copy the tests own, in
 * `__tests__/fixtures/sample/posts`, never the author's `posts/`) plus the fixtures in
 * `__tests__/fixtures/e2e/posts` (a post with math too wide for a phone), built once by
 * `lemma build` in a child process, exactly as an author builds it.
 */
export async function buildE2eBlog(repoRoot: string): Promise<E2eBlog> {
  const projectDir = mkdtempSync(path.join(tmpdir(), 'lemma-e2e-'));
  cpSync(path.join(repoRoot, 'site'), path.join(projectDir, 'site'), { recursive: true });
  cpSync(path.join(repoRoot, '__tests__/fixtures/sample/posts'), path.join(projectDir, 'posts'), { recursive: true });
  cpSync(path.join(repoRoot, '__tests__/fixtures/e2e/posts'), path.join(projectDir, 'posts'), { recursive: true });
  const outputDir = path.join(projectDir, '_site');

  const tsx = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  const cli = path.join(repoRoot, 'src/cli.ts');
  const { code, output } = await run(process.execPath, ['--import', tsx, cli, 'build', '--output', outputDir], {
    cwd: projectDir,
    env: { ...withoutLemmaSettings(process.env), NODE_OPTIONS: '', LEMMA_PATH_PREFIX: E2E_PATH_PREFIX },
  });
  if (code !== 0 || !existsSync(path.join(outputDir, 'index.html'))) {
    throw new Error(`\`lemma build\` of the browser-test blog (${projectDir}) failed with exit code ${code}:\n${output}`);
  }
  return { projectDir, outputDir };
}

/** The developer's own LEMMA_* variables (settings file, URL, build date) must not change the test blog. */
function withoutLemmaSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('LEMMA_')));
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
