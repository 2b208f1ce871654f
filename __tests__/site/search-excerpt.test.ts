import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { makeProject, post, runCli } from '../helpers/project.js';

/**
 * What the search page shows: Pagefind's own browser bundle searching the index a real
 * build wrote, served over HTTP. An excerpt is the post's visible text: each equation
 * once, as readers see it (never its TeX source), and no title, date, tags or contents.
 */
const SEARCH = `
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [root, query] = process.argv.slice(1);
const server = http.createServer(async (req, res) => {
  try { res.end(await readFile(path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)))); }
  catch { res.statusCode = 404; res.end(); }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const pagefind = await import(pathToFileURL(path.join(root, 'pagefind/pagefind.js')).href);
await pagefind.options({ basePath: 'http://127.0.0.1:' + server.address().port + '/pagefind/', baseUrl: '/', excerptLength: 60 });
const { results } = await pagefind.search(query);
const data = await Promise.all(results.map((r) => r.data()));
console.log(JSON.stringify(data.map((d) => ({ url: d.url, title: d.meta.title, excerpt: d.excerpt }))));
server.close();
`;

function search(site: string, query: string): { url: string; title: string; excerpt: string }[] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SEARCH, site, query], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) throw new Error(`search failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

const BODY = [
  '## Divergence',
  '',
  'The zebrafish bound reads',
  '',
  '\\begin{equation*}\\tag{4}',
  '\\KL(q \\,\\|\\, p) = \\int q \\log \\frac{q}{p}',
  '\\end{equation*}',
  '',
  'and holds for every zebrafish.',
  '',
  '## Proof',
  '',
  'Trivial.',
  '',
  '## Remarks',
  '',
  'None.',
].join('\n');

describe('search excerpts', () => {
  const dir = makeProject({
    'divergence.md': post({ title: 'Zebrafish divergence', date: '2025-06-01', tags: '[zebrafish]', math: '{ macros: { "\\\\KL": "\\\\operatorname{KL}" } }' }, BODY),
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('show the text and each equation once, as typeset, without TeX, title, date or tags', async () => {
    const built = await runCli(['build', '--no-cache', '--threads', '0'], dir, { LEMMA_BUILD_DATE: '2026-01-01' });
    expect(built.code).toBe(0);
    const results = search(`${dir}/_site`, 'zebrafish');
    expect(results.map((r) => r.url)).toEqual(['/posts/divergence/']);
    const [{ title, excerpt }] = results;
    expect(title).toBe('Zebrafish divergence');
    // The equation as readers read it (KaTeX's MathML text), once.
    expect(excerpt).toContain('KL');
    expect(excerpt.split('KL').length - 1).toBe(1);
    // Never its source, nor the header's title, date, reading time or tags, nor the contents list.
    expect(excerpt).not.toMatch(/\\\\|begin|operatorname|tag\\{/);
    expect(excerpt).not.toMatch(/June|2025|min read|Contents|Zebrafish divergence/i);
    expect(excerpt).toMatch(/The <mark>zebrafish<\/mark> bound reads\. KL\S* ?\(q ∥ p\)=/);
  });
});
