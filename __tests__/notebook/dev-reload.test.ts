import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../helpers/free-port.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../e2e/support/chromium.js';
import { REPO } from '../helpers/project.js';
import { cell, makeNotebookProject, notebookJson } from './notebook-fixture.js';

const TSX = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;

function waitFor(output: () => string, pattern: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (pattern.test(output())) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${pattern}; output:\n${output()}`));
      }
    }, 100);
  });
}

describe('lemma serve with a notebook post', () => {
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  const snippets = (heading: string) => notebookJson([cell.markdown(`## ${heading}`), cell.code('x = 1')]);
  const dir = makeNotebookProject({
    'with-embed.md': '---\ntitle: Embedding\ndate: 2026-04-01\n---\nText.\n\n::: notebook parts/snippets.ipynb\n',
    'parts/snippets.ipynb': snippets('Original heading'),
  });
  afterAll(async () => {
    await browser?.close();
    child?.kill();
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  });

  let port: number;

  beforeAll(async () => {
    port = await freePort();
    child = spawn(process.execPath, ['--import', TSX, path.join(REPO, 'src/cli.ts'), 'serve', '--port', String(port)], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '', LEMMA_BUILD_DATE: '2026-06-01' },
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await waitFor(() => output, /Server at/, 120_000);
    browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_ARGS });
  }, 180_000);

  test('saving the notebook rebuilds its page and reloads it in the browser, new figure and all', async () => {
    const page = await browser!.newPage();
    await page.goto(`http://localhost:${port}/posts/least-squares/`);
    expect(await page.locator('h2#the-model').count()).toBe(1);
    // Marks this load of the page: a reload forgets it.
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));

    // Save the notebook as Jupyter would: a heading renamed, a new SVG figure in the last cell.
    const file = path.join(dir, 'posts/least-squares.ipynb');
    const nb = JSON.parse(readFileSync(file, 'utf8')) as { cells: { source: string[]; outputs?: unknown[] }[] };
    nb.cells[1].source[0] = '## The edited model\n';
    nb.cells.at(-1)!.outputs = [{ output_type: 'display_data', metadata: {}, data: { 'image/svg+xml': '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="6"><circle r="3" cx="6" cy="3"/></svg>' } }];
    writeFileSync(file, `${JSON.stringify(nb, null, 1)}\n`);

    await page.waitForSelector('h2#the-edited-model', { timeout: 90_000 });
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBeUndefined();
    const figure = page.locator('.notebook-cell').last().locator('img');
    expect(await figure.getAttribute('width')).toBe('12');
    // The new figure was written beside the page before the reload: the browser loads it
    // (once scrolled to: notebook figures load lazily).
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction((img) => (img as HTMLImageElement).complete, await figure.elementHandle(), { timeout: 30_000 });
    expect(await figure.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(12);
  }, 300_000);

  test('saving a notebook that a Markdown post embeds rebuilds and reloads that post', async () => {
    const page = await browser!.newPage();
    await page.goto(`http://localhost:${port}/posts/with-embed/`);
    expect(await page.locator('.notebook-embed h2#original-heading').count()).toBe(1);
    writeFileSync(path.join(dir, 'posts/parts/snippets.ipynb'), snippets('Changed heading'));
    await page.waitForSelector('.notebook-embed h2#changed-heading', { timeout: 90_000 });
  }, 120_000);
});
