import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, makeProject, post } from '../helpers/project.js';

const TSX_LOADER = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
const ENGINE = pathToFileURL(path.join(REPO, 'src/build/eleventy.ts')).href;

/**
 * `npm start` runs serve(), which is watch() plus the dev server. The dev server
 * listens on every interface, so the test drives watch(): the same build, check and
 * rebuild path, without opening a port.
 */
describe('the dev loop checks after every rebuild', () => {
  let child: ChildProcess;
  let output = '';

  afterAll(() => {
    if (child?.pid) process.kill(child.pid);
  });

  const waitFor = (pattern: RegExp, from: number, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const match = pattern.exec(output.slice(from));
        if (match) {
          clearInterval(poll);
          resolve(output.slice(from));
        } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`Timed out waiting for ${pattern}; output:\n${output}`));
        }
      }, 100);
    });

  test('build, check, then the same report again after a post changes', async () => {
    const dir = makeProject({ 'first.md': post({ title: 'First', date: '2026-01-01' }, 'Fine, with $x$.\n') });
    child = spawn(process.execPath, ['--import', TSX_LOADER, '--input-type=module', '-e', `const { watch } = await import(${JSON.stringify(ENGINE)}); await watch();`], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));

    const first = await waitFor(/✔ No problems — \d+ pages/, 0);
    expect(first).not.toMatch(/error/);

    const mark = output.length;
    writeFileSync(path.join(dir, 'posts/first.md'), post({ title: 'First', date: '2026-01-01' }, 'Now with a [broken link](/posts/nowhere/)\nand $\\frac{1}{$.\n'));
    const second = await waitFor(/✖ 2 problems/, mark);
    expect(second).toMatch(/posts\/first\.md:5\s+error\s+link\s+Broken link: \/posts\/nowhere\//);
    expect(second).toMatch(/posts\/first\.md:6\s+error\s+math\s+KaTeX parse error/);
  });
});
