import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../helpers/free-port.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { post, REPO } from '../helpers/project.js';

const TSX = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Folders of layers (src/project-layers.ts) whose posts/ is this blog's. */
function layersOf(blog: string): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith('lemma-layers-'))
    .map((name) => path.join(tmpdir(), name))
    .filter((dir) => {
      try {
        return realpathSync(path.join(dir, 'posts')) === realpathSync(path.join(blog, 'posts'));
      } catch {
        return false;
      }
    });
}

describe('lemma serve in a posts-only blog', () => {
  let child: ChildProcess | undefined;
  let blog: string;
  afterAll(() => {
    child?.kill();
    rmSync(blog, { recursive: true, force: true });
  });

  test("serves the engine's templates, takes up a template the author adds while serving, and leaves nothing behind", async () => {
    blog = mkdtempSync(path.join(tmpdir(), 'lemma-serve-posts-only-'));
    mkdirSync(path.join(blog, 'posts'));
    mkdirSync(path.join(blog, 'site'));
    writeFileSync(path.join(blog, 'site/site.json'), JSON.stringify({ title: 'Served notes', author: { name: 'Octo' } }));
    writeFileSync(path.join(blog, 'posts/first.md'), post({ title: 'First', date: '2026-01-01' }, 'Euler: $e^{i\\pi} + 1 = 0$.\n'));
    const port = await freePort();
    child = spawn(process.execPath, ['--import', TSX, path.join(REPO, 'src/cli.ts'), 'serve', '--port', String(port)], {
      cwd: blog,
      env: { ...process.env, NODE_OPTIONS: '', LEMMA_THREADS: '0' },
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const page = async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/posts/first/`);
        return response.ok ? await response.text() : undefined;
      } catch {
        return undefined;
      }
    };
    const first = await until(`the first page (output so far: ${output})`, page, 90_000);
    expect(first).toContain('<title>First');
    expect(first).toContain('class="katex"');
    expect(layersOf(blog)).toHaveLength(1);

    const meta = readFileSync(path.join(REPO, 'site/_includes/partials/post-meta.njk'), 'utf8');
    mkdirSync(path.join(blog, 'site/_includes/partials'), { recursive: true });
    writeFileSync(path.join(blog, 'site/_includes/partials/post-meta.njk'), `<p class="served-override">Mine</p>\n${meta}`);
    await until('the override in the served page', async () => ((await page())?.includes('served-override') ? true : undefined), 60_000);

    child.kill('SIGINT');
    await until('the server to exit', () => (child!.exitCode !== null || child!.signalCode !== null ? true : undefined), 20_000);
    expect(layersOf(blog)).toEqual([]);
    // The blog's own files, and its build in _site/, are all that is left.
    expect(existsSync(path.join(blog, '_site/posts/first/index.html'))).toBe(true);
    expect(readdirSync(path.join(blog, 'site')).sort()).toEqual(['_includes', 'site.json']);
  }, 240_000);
});
