import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeProject, REPO } from '../helpers/project.js';

// The dev loop (`lemma serve` without its HTTP server): a .bib edit reaches the page.
const TSX_LOADER = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
const ENGINE = pathToFileURL(path.join(REPO, 'src/build/eleventy.ts')).href;
const FIXTURE = path.join(REPO, '__tests__/fixtures/papers');

let dir: string;
let child: ChildProcess;
let output = '';

beforeAll(() => {
  dir = makeProject({ 'paper.md': readFileSync(path.join(FIXTURE, 'paper.md'), 'utf8') });
  for (const file of ['refs.bib', 'partial-sums.svg']) copyFileSync(path.join(FIXTURE, file), path.join(dir, 'posts', file));
  child = spawn(process.execPath, ['--import', TSX_LOADER, '--input-type=module', '-e', `const { watch } = await import(${JSON.stringify(ENGINE)}); await watch();`], {
    cwd: dir,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
});

afterAll(async () => {
  if (child.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid);
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Wait until the output from `from` on matches. */
async function printed(pattern: RegExp, from: number, ms = 120_000): Promise<string> {
  const started = Date.now();
  while (!pattern.test(output.slice(from))) {
    if (Date.now() - started > ms || child.exitCode !== null) throw new Error(`Timed out waiting for ${pattern}; output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return output.slice(from);
}

const page = () => readFileSync(path.join(dir, '_site/posts/paper/index.html'), 'utf8');

test('editing the .bib rebuilds the post that cites from it; a broken entry is reported at its line', async () => {
  await printed(/No problems/, 0);
  expect(page()).toContain('Attention Is All You Need');

  const bib = path.join(dir, 'posts/refs.bib');
  const text = readFileSync(bib, 'utf8');
  let from = output.length;
  writeFileSync(bib, text.replace('Attention Is All You Need', 'Attention Is Not All You Need'));
  await printed(/No problems/, from);
  expect(page()).toContain('Attention Is Not All You Need');

  from = output.length;
  writeFileSync(bib, text.replace('@book{goedel1931,', '@book{goedel1931'));
  // The dev server's check lists it under the .bib file, at the entry's line.
  const report = await printed(/not valid BibTeX/, from);
  expect(report).toMatch(/posts\/refs\.bib:1[12]\s+error\s+markup\s+not valid BibTeX: expected "comma"/);
}, 300_000);
