import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (the engine). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX_LOADER = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;

/** A throwaway blog project: the engine's site/ templates plus the given posts. */
export function makeProject(posts: Record<string, string>, options: { settings?: object } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lemma-project-'));
  cpSync(path.join(REPO, 'site'), path.join(dir, 'site'), { recursive: true });
  if (options.settings) writeFileSync(path.join(dir, 'site/site.json'), JSON.stringify(options.settings, null, 2));
  mkdirSync(path.join(dir, 'posts'));
  for (const [name, text] of Object.entries(posts)) writeFileSync(path.join(dir, 'posts', name), text);
  return dir;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `lemma <args>` as a real child process in `cwd`. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, path.join(REPO, 'src/cli.ts'), ...args], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Front matter + body, as an author writes a post. */
export function post(fields: Record<string, string>, body: string): string {
  const lines = Object.entries(fields).map(([k, v]) => `${k}: ${v}`);
  return ['---', ...lines, '---', body].join('\n');
}
