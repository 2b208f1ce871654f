import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, runCli, type CliResult } from '../helpers/project.js';

export const FIXTURE = path.join(REPO, '__tests__/fixtures/blog');

/** A throwaway copy of the fixture blog: the engine's site/ templates, the fixture's settings and posts. */
export function makeBlogProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lemma-blog-'));
  cpSync(path.join(REPO, 'site'), path.join(dir, 'site'), { recursive: true });
  cpSync(path.join(FIXTURE, 'site.json'), path.join(dir, 'site/site.json'));
  cpSync(path.join(FIXTURE, 'posts'), path.join(dir, 'posts'), { recursive: true });
  return dir;
}

/** `lemma build` of `dir` into `<dir>/<outName>`, as a child process. */
export async function buildBlog(dir: string, outName: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult & { out: string }> {
  const out = path.join(dir, outName);
  const result = await runCli(['build', '--output', out, ...args], dir, env);
  if (result.code !== 0) throw new Error(`build failed (${result.code}):\n${result.stderr}`);
  return { ...result, out };
}

/** Every file under `root`, relative, with forward slashes. */
export function filesUnder(root: string): string[] {
  return (readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => statSync(path.join(root, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

export const read = (out: string, file: string) => readFileSync(path.join(out, file), 'utf8');
