import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { post, REPO, runCli } from '../helpers/project.js';
import { makeNotebookProject } from './notebook-fixture.js';

const ENV = { LEMMA_BUILD_DATE: '2026-06-01' };
const FIXTURE = path.join(REPO, '__tests__/fixtures/perf/blog/posts');

/** Every file of a built site, path → bytes. */
function siteFiles(site: string): Map<string, Buffer> {
  const files = (readdirSync(site, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(site, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
  return new Map(files.map((f) => [f, readFileSync(path.join(site, f))]));
}

function expectSameSite(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  expect([...expected].filter(([file, bytes]) => !bytes.equals(actual.get(file)!)).map(([file]) => file)).toEqual([]);
}

/**
 * One site, whatever the path: a blog large enough for worker threads (24 posts and
 * more), with a notebook post and a Markdown post embedding notebook cells, built
 * plain, on threads with a cold cache, and from the warm cache.
 */
describe('notebook posts on every build path', () => {
  const posts = Object.fromEntries(readdirSync(FIXTURE).map((f) => [f, readFileSync(path.join(FIXTURE, f), 'utf8')]));
  for (let i = 0; i < 24; i++) {
    const body = [`## Part ${i}`, '', `$$ x_{${i}} = \\sum_{k=1}^{${i + 2}} k^2 \\label{eq:part-${i}} $$`, '', `By \\eqref{eq:part-${i}} and [the notebook](least-squares.ipynb).`, '', '```python', `print(${i})`, '```', ''];
    posts[`part-${i}.md`] = post({ title: `Part ${i}`, date: `2026-01-${String(i + 1).padStart(2, '0')}` }, body.join('\n'));
  }
  posts['embeds-cells.md'] = post({ title: 'Cells in a post', date: '2026-02-02' }, 'Before $a^2$.\n\n::: notebook least-squares.ipynb cells=1:5\n\nAfter.\n');
  const dir = makeNotebookProject(posts);
  let reference: Map<string, Buffer>;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    expect(Object.keys(posts).length + 1).toBeGreaterThanOrEqual(24);
    const plain = await runCli(['build', '--no-cache', '--threads', '0'], dir, ENV);
    expect(plain.code).toBe(0);
    reference = siteFiles(path.join(dir, '_site'));
    expect(reference.get('posts/least-squares/index.html')?.toString()).toContain('class="notebook-cell"');
    // Three figures from outputs and the image pasted into a Markdown cell.
    expect([...reference.keys()].filter((f) => /^posts\/least-squares\/[0-9a-f]{20}\.(png|jpg|svg)$/.test(f))).toHaveLength(4);
    expect(reference.get('posts/embeds-cells/index.html')?.toString()).toContain('class="dataframe"');
  }, 300_000);

  test('threads with a cold cache, then the warm cache: the same bytes', async () => {
    rmSync(path.join(dir, '_site'), { recursive: true });
    const cold = await runCli(['build', '--threads', '2'], dir, ENV);
    expect(cold.stderr).not.toMatch(/error|warning/i);
    // The workers pre-rendered the notebook too: nothing left for the main thread.
    expect(cold.stdout).toMatch(/\d+ documents pre-rendered on 2 threads in [\d.]+ s \(0 left for the main thread\)/);
    expectSameSite(siteFiles(path.join(dir, '_site')), reference);

    rmSync(path.join(dir, '_site'), { recursive: true });
    const warm = await runCli(['build', '--threads', '2'], dir, ENV);
    expect(warm.code).toBe(0);
    expect(warm.stdout).toMatch(/[1-9]\d* entries reused, 0 new/);
    expectSameSite(siteFiles(path.join(dir, '_site')), reference);
  }, 300_000);
});
