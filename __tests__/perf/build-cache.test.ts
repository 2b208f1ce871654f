import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeProject, post, runCli, REPO } from '../helpers/project.js';
import { CacheStore } from '../../src/build/cache-store.js';
import { markdownSources, prerender } from '../../src/build/prerender.js';
import { createMarkdown } from '../../src/markdown/index.js';
import { renderCache } from '../../src/markdown/render-cache.js';

const FIXTURE = path.join(REPO, '__tests__/fixtures/perf/blog/posts');
const ENV = { LEMMA_BUILD_DATE: '2026-01-01' };

function fixturePosts(extra: Record<string, string> = {}): Record<string, string> {
  const posts = Object.fromEntries(readdirSync(FIXTURE).map((f) => [f, readFileSync(path.join(FIXTURE, f), 'utf8')]));
  return { ...posts, ...extra };
}

/** Every file of a built site, path → bytes. */
function siteFiles(dir: string): Map<string, Buffer> {
  const site = path.join(dir, '_site');
  const files = (readdirSync(site, { recursive: true }) as string[]).sort();
  return new Map(files.filter((f) => !f.endsWith('/')).flatMap((f) => {
    try {
      return [[f, readFileSync(path.join(site, f))] as [string, Buffer]];
    } catch {
      return []; // a folder
    }
  }));
}

function expectSameSite(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  const differing = [...expected].filter(([file, bytes]) => !bytes.equals(actual.get(file)!)).map(([file]) => file);
  expect(differing).toEqual([]);
}

describe('builds with the render cache and worker threads', () => {
  let reference: Map<string, Buffer>;
  const project = makeProject(fixturePosts());

  beforeAll(async () => {
    // The reference: one thread, no cache at all.
    const plain = await runCli(['build', '--no-cache', '--threads', '0'], project, ENV);
    expect(plain.stderr).not.toMatch(/error|warning/i);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('render cache off');
    reference = siteFiles(project);
    expect(reference.size).toBeGreaterThan(10);
    // Equations are placeholders while Eleventy builds: every written file has them in place.
    const withPlaceholders = [...reference].filter(([, bytes]) => bytes.includes('<!--lemma-math:')).map(([file]) => file);
    expect(withPlaceholders).toEqual([]);
    expect(reference.get('posts/shared-formulas/index.html')?.toString()).toContain('<span class="katex">');
  }, 240_000);

  test('workers (cold cache), then the warm cache, give byte-identical output', async () => {
    rmSync(path.join(project, '_site'), { recursive: true });
    const cold = await runCli(['build', '--threads', '2'], project, ENV);
    expect(cold.stderr).not.toMatch(/error|warning/i);
    // The workers rendered exactly what the build then asked for.
    expect(cold.stdout).toMatch(/\d+ documents pre-rendered on 2 threads in [\d.]+ s \(0 left for the main thread\)/);
    expect(cold.stdout).toMatch(/0 entries reused, [1-9]\d* new/);
    // The workers rendered every post whole: the build parsed none of them again (the
    // about page, whose data also comes from site/site.json, it renders itself).
    expect(/(\d+) of \d+ documents taken whole from the cache/.exec(cold.stdout)?.[1]).toBe(String(readdirSync(FIXTURE).length));
    expectSameSite(siteFiles(project), reference);

    rmSync(path.join(project, '_site'), { recursive: true });
    const warm = await runCli(['build', '--threads', '2'], project, ENV);
    expect(warm.code).toBe(0);
    expect(warm.stdout).not.toContain('pre-rendered');
    expect(warm.stdout).toMatch(/[1-9]\d* entries reused, 0 new/);
    expectSameSite(siteFiles(project), reference);
  }, 300_000);

  test('two builds sharing one cache folder at once both succeed and leave a clean cache', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'lemma-shared-cache-'));
    const env = { ...ENV, LEMMA_CACHE_DIR: cacheDir };
    const [a, b] = [makeProject(fixturePosts()), makeProject(fixturePosts())];
    const results = await Promise.all([runCli(['build', '--threads', '2'], a, env), runCli(['build', '--threads', '1'], b, env)]);
    for (const result of results) {
      expect(result.stderr).not.toMatch(/error|warning/i);
      expect(result.code).toBe(0);
    }
    expectSameSite(siteFiles(a), reference);
    expectSameSite(siteFiles(b), reference);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);

    // Both wrote their segments; a third build reads them all and renders nothing new.
    renderCache.clear();
    expect(new CacheStore({ dir: cacheDir }).load(renderCache).corrupt).toEqual([]);
    const third = await runCli(['build'], a, env);
    expect(third.stdout).toMatch(/[1-9]\d* entries reused, 0 new/);
    expectSameSite(siteFiles(a), reference);
  }, 300_000);

  test('an equation error met in a worker is reported with file and line', async () => {
    const bad = post({ title: 'Broken', date: '2025-04-01' }, ['Intro.', '', 'Fine $x$, then', '', '$$', '\\frac{1}{2', '$$', ''].join('\n'));
    const dir = makeProject(fixturePosts({ 'broken.md': bad }));

    // In-process: workers render every document, the main thread then only hits the cache.
    renderCache.clear();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const result = await prerender({ cache: renderCache, macros: {}, threads: 2, force: true });
      expect(result.threads).toBe(2);
      expect(result.failures).toEqual([]);
      expect(result.documents).toBe(markdownSources().length);
    } finally {
      process.chdir(cwd);
    }
    renderCache.resetUsage();
    const source = readFileSync(path.join(dir, 'posts/broken.md'), 'utf8');
    const { state } = createMarkdown().render(source.slice(source.indexOf('---', 3) + 4), { inputPath: path.join(dir, 'posts/broken.md'), lineOffset: 4 });
    expect(renderCache.stats.mathMisses).toBe(0);
    expect(state.diagnostics).toHaveLength(1);
    const [error] = state.diagnostics;
    expect(error.message).toMatch(/^KaTeX parse error/);

    // And the CLI reports it like any other math error: file, then the equation's line.
    const built = await runCli(['build', '--threads', '2'], dir, ENV);
    expect(built.code).toBe(1);
    const reported = /^posts\/broken\.md:(\d+): error: KaTeX parse error/m.exec(built.stderr);
    expect(reported).not.toBeNull();
    expect(Number(reported![1])).toBe(error.line);
    expect([10, 11]).toContain(error.line); // the \frac line, or the closing $$ where input ends
  }, 300_000);

  test('a post linking to another follows it when only the other post moves (cached documents depend on post URLs)', async () => {
    const dir = makeProject({
      'a.md': post({ title: 'A', date: '2025-01-01' }, 'See [the other post](b.md) and $x^2$.'),
      'b.md': post({ title: 'B', date: '2025-01-02' }, 'Hello.'),
    });
    const pageA = () => readFileSync(path.join(dir, '_site/posts/a/index.html'), 'utf8');
    const first = await runCli(['build', '--threads', '0'], dir, ENV);
    expect(first.code).toBe(0);
    expect(pageA()).toContain('href="/posts/b/"');

    writeFileSync(path.join(dir, 'posts/b.md'), post({ title: 'B', date: '2025-01-02', permalink: '/elsewhere/' }, 'Hello.'));
    const second = await runCli(['build', '--threads', '0'], dir, ENV);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/[1-9]\d* entries reused/);
    expect(pageA()).toContain('href="/elsewhere/"');
    expect(pageA()).not.toContain('/posts/b/');
  }, 120_000);
});
