import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { REPO, makeProject, post } from '../helpers/project.js';

const TSX_LOADER = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
const ENGINE = pathToFileURL(path.join(REPO, 'src/build/eleventy.ts')).href;

/** A running `watch()` and what it printed, each piece with the time it arrived. */
class WatchProcess {
  readonly child: ChildProcess;
  private chunks: { text: string; at: number }[] = [];

  constructor(dir: string) {
    this.child = spawn(process.execPath, ['--import', TSX_LOADER, '--input-type=module', '-e', `const { watch } = await import(${JSON.stringify(ENGINE)}); await watch();`], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const take = (d: Buffer) => void this.chunks.push({ text: String(d), at: Date.now() });
    this.child.stdout!.on('data', take);
    this.child.stderr!.on('data', take);
  }

  get output(): string {
    return this.chunks.map((c) => c.text).join('');
  }

  /** Where the output printed so far ends (the `from` of a later `waitFor`). */
  mark(): number {
    return this.chunks.length;
  }

  /** The output from chunk `from` on, once it matches `pattern`. */
  waitFor(pattern: RegExp, from: number, timeoutMs = 60_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const text = this.chunks.slice(from).map((c) => c.text).join('');
        if (pattern.test(text)) {
          clearInterval(poll);
          resolve(text);
        } else if (Date.now() - started > timeoutMs || this.child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`Timed out waiting for ${pattern}; output:\n${this.output}`));
        }
      }, 100);
    });
  }

  /** When the first chunk from `from` on that matches `pattern` arrived. */
  arrival(pattern: RegExp, from: number): number {
    const chunk = this.chunks.slice(from).find((c) => pattern.test(c.text));
    if (!chunk) throw new Error(`No output matched ${pattern}`);
    return chunk.at;
  }

  stop(): void {
    if (this.child.pid && this.child.exitCode === null) process.kill(this.child.pid);
  }
}

/** Retry `assertion` until it passes (the watcher may still be finishing a rebuild), for at most `ms`. */
async function settles(assertion: () => void, ms = 15_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      return assertion();
    } catch (error) {
      if (Date.now() - started > ms) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * `npm start` runs serve(), which is watch() plus the dev server. The dev server
 * listens on every interface, so the tests drive watch(): the same build, check and
 * rebuild path, without opening a port.
 */
describe('the dev loop', () => {
  const running: WatchProcess[] = [];
  const start = (dir: string) => {
    const watch = new WatchProcess(dir);
    running.push(watch);
    return watch;
  };

  afterAll(() => {
    for (const watch of running) watch.stop();
  });

  test('checks: the same report as `lemma check` after the build, and again after a post changes', async () => {
    const dir = makeProject({ 'first.md': post({ title: 'First', date: '2026-01-01' }, 'Fine, with $x$.\n') });
    const watch = start(dir);

    const first = await watch.waitFor(/✔ No problems — \d+ pages/, 0);
    expect(first).not.toMatch(/error/);

    const mark = watch.mark();
    writeFileSync(path.join(dir, 'posts/first.md'), post({ title: 'First', date: '2026-01-01' }, 'Now with a [broken link](/posts/nowhere/)\nand $\\frac{1}{$.\n'));
    const second = await watch.waitFor(/✖ 2 problems/, mark);
    expect(second).toMatch(/posts\/first\.md:5\s+error\s+link\s+Broken link: \/posts\/nowhere\//);
    expect(second).toMatch(/posts\/first\.md:6\s+error\s+math\s+KaTeX parse error/);
  });

  test('indexes the site for search after every rebuild, once Eleventy is done, before the check', async () => {
    const dir = makeProject({ 'first.md': post({ title: 'First', date: '2026-01-01' }, 'Aardvarks dig burrows.\n') });
    const watch = start(dir);
    const index = path.join(dir, '_site/pagefind');
    /**
     * The post's newest record in the index (gzip'd JSON after a signature) and when it
     * was written. Pagefind leaves the records of earlier indexes in place, unreferenced.
     */
    const record = () => {
      const records = readdirSync(path.join(index, 'fragment')).map((f) => {
        const file = path.join(index, 'fragment', f);
        return { text: gunzipSync(readFileSync(file)).toString(), written: statSync(file).mtimeMs };
      });
      return records.filter((r) => r.text.includes('"url":"/posts/first/"')).sort((a, b) => b.written - a.written)[0];
    };

    await watch.waitFor(/✔ No problems — \d+ pages/, 0);
    expect(record().text).toContain('Aardvarks');

    const mark = watch.mark();
    writeFileSync(path.join(dir, 'posts/first.md'), post({ title: 'First', date: '2026-01-01' }, 'Zebrafish swim in shoals.\n'));
    await watch.waitFor(/✔ No problems — \d+ pages/, mark);
    // The check ran after the index: the index has the new text.
    const updated = record();
    expect(updated.text).toContain('Zebrafish');
    expect(updated.text).not.toContain('Aardvarks');
    // Eleventy said it had written the rebuild (the browser reloads then) before the index was made.
    expect(updated.written).toBeGreaterThan(watch.arrival(/Wrote \d+ files?/, mark));
  });
  test('a post renamed or deleted takes its page with it, and every page that listed or linked it is rebuilt', async () => {
    const dir = makeProject({
      'a.md': post({ title: 'Alpha', date: '2026-01-01' }, 'First.\n'),
      'b.md': post({ title: 'Beta', date: '2026-01-02' }, 'Second.\n'),
      'c.md': post({ title: 'Gamma', date: '2026-01-03' }, 'Third.\n'),
    });
    const watch = start(dir);
    const site = (file: string) => path.join(dir, '_site', file);
    const links = (file: string) => [...readFileSync(site(file), 'utf8').matchAll(/href="(\/posts\/[^"#]*)"/g)].map((m) => m[1]);
    await watch.waitFor(/✔ No problems — \d+ pages/, 0);
    expect(links('posts/a/index.html')).toContain('/posts/b/');

    let mark = watch.mark();
    renameSync(path.join(dir, 'posts/b.md'), path.join(dir, 'posts/bee.md'));
    await watch.waitFor(/Removed posts\/b\/index\.html: no page is built there any more\.[\s\S]*✔ No problems — \d+ pages/, mark);
    // A rename is a deletion and an addition, each rebuilt: wait for the last.
    await settles(() => {
      expect(existsSync(site('posts/b'))).toBe(false);
      expect(existsSync(site('posts/bee/index.html'))).toBe(true);
      // Its neighbours' previous/next links and the lists point to the new URL only.
      for (const page of ['posts/a/index.html', 'posts/c/index.html', 'archive/index.html', 'index.html']) {
        expect(links(page)).toContain('/posts/bee/');
        expect(links(page)).not.toContain('/posts/b/');
      }
    });

    mark = watch.mark();
    rmSync(path.join(dir, 'posts/c.md'));
    await watch.waitFor(/Removed posts\/c\/index\.html: no page is built there any more\.[\s\S]*✔ No problems — \d+ pages/, mark);
    await settles(() => {
      expect(existsSync(site('posts/c'))).toBe(false);
      for (const page of ['posts/bee/index.html', 'archive/index.html', 'index.html']) expect(links(page)).not.toContain('/posts/c/');
      expect(readFileSync(site('feed.xml'), 'utf8')).not.toContain('/posts/c/');
    });
    expect(watch.output.slice(-300)).not.toMatch(/error/);
  });
});
