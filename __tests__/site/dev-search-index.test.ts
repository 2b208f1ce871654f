import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DevSearchIndex } from '../../src/site/dev-search-index.js';

const PAGE = '<!doctype html><html lang="en"><head><title>A</title></head><body><main data-pagefind-body><h1>A</h1><p>Aardvarks dig.</p></main></body></html>';

function site(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lemma-dev-index-'));
  mkdirSync(path.join(dir, 'a'));
  writeFileSync(path.join(dir, 'a/index.html'), PAGE);
  return dir;
}

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  return { out, text: () => text };
}

describe("the dev server's search index", () => {
  test('is made only when a build said it is due, once per build', async () => {
    const dir = site();
    const { out, text } = capture();
    const index = new DevSearchIndex(out);
    await index.run();
    expect(existsSync(path.join(dir, 'pagefind'))).toBe(false);
    index.due(dir);
    await index.run();
    const entry = path.join(dir, 'pagefind/pagefind-entry.json');
    expect(readdirSync(path.join(dir, 'pagefind'))).toContain('pagefind-entry.json');
    const written = statSync(entry).mtimeMs;
    // Nothing new was built: the next run leaves the index alone.
    await index.run();
    expect(statSync(entry).mtimeMs).toBe(written);
    expect(text()).toBe('');
  });

  test('makes one index at a time; builds that finish meanwhile are indexed once, after it', async () => {
    // An indexer whose runs finish when the test says, to see what waits for what.
    const calls: { dir: string; finish: () => void }[] = [];
    const index = new DevSearchIndex(capture().out, (dir) => new Promise<void>((finish) => calls.push({ dir, finish })));
    index.due('site-1');
    const first = index.run();
    await Promise.resolve();
    expect(calls.map((c) => c.dir)).toEqual(['site-1']);
    // Two more builds while the first index is being made: they wait, and go as one.
    index.due('site-2');
    const second = index.run();
    index.due('site-3');
    const third = index.run();
    expect(third).toBe(second);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.map((c) => c.dir)).toEqual(['site-1']);
    calls[0].finish();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.map((c) => c.dir)).toEqual(['site-1', 'site-3']);
    calls[1].finish();
    await second;
  });

  test('a failure is printed, not thrown, and the next build tries again', async () => {
    const blocked = site();
    // A file where the index folder should be: Pagefind cannot write there.
    writeFileSync(path.join(blocked, 'pagefind'), 'not a folder');
    const { out, text } = capture();
    const index = new DevSearchIndex(out);
    index.due(blocked);
    await expect(index.run()).resolves.toBeUndefined();
    expect(text()).toMatch(/^Search index: cannot create .*pagefind: .* \(the search page keeps the previous index\)\n$/);
    const fine = site();
    index.due(fine);
    await index.run();
    expect(existsSync(path.join(fine, 'pagefind/pagefind-entry.json'))).toBe(true);
  });
});
