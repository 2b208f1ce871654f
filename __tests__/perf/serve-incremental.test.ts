import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { freePort } from '../helpers/free-port.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeProject, post, REPO } from '../helpers/project.js';

const TSX = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;

/** Resolves with the output so far once `pattern` appears in it. */
function waitFor(output: () => string, pattern: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (pattern.test(output())) {
        clearInterval(timer);
        resolve(output());
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${pattern}; output:\n${output()}`));
      }
    }, 100);
  });
}

describe('lemma serve', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill();
  });

  test('saving one post rebuilds only what depends on it', async () => {
    const posts: Record<string, string> = {};
    for (let i = 1; i <= 6; i++) posts[`note-${i}.md`] = post({ title: `Note ${i}`, date: `2025-05-0${i}` }, `Note ${i}: $x_${i}^2$.\n`);
    const dir = makeProject(posts);
    const port = await freePort();
    child = spawn(process.execPath, ['--import', TSX, path.join(REPO, 'src/cli.ts'), 'serve', '--port', String(port)], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '', LEMMA_BUILD_DATE: '2026-01-01' },
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await waitFor(() => output, /Server at/, 90_000);
    const before = output.length;

    appendFileSync(path.join(dir, 'posts/note-3.md'), '\nEdited: $\\lambda_{\\text{edit}}$.\n');
    const rebuilt = await waitFor(() => output.slice(before), /Wrote \d+ files? \(skipped \d+\)/, 60_000);
    const [, , skipped] = /Wrote (\d+) files? \(skipped (\d+)\)/.exec(rebuilt)!;
    expect(Number(skipped)).toBeGreaterThan(0);
    // One rebuild for the edit: the build's own files in .cache/ never trigger another.
    await new Promise((r) => setTimeout(r, 3000));
    expect(output.slice(before)).not.toMatch(/File (changed|added): \.\/\.cache/);
    expect(readFileSync(path.join(dir, '_site/posts/note-3/index.html'), 'utf8')).toContain('edit');
  }, 240_000);
});
