import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { load } from 'cheerio';
import katex from 'katex';
import { buildSearchIndex, SearchIndexStream, searchableHtml, searchOrder, type SearchDocument } from '../../src/site/search-index.js';
import { REPO } from '../helpers/project.js';
import { buildBlog, filesUnder, makeBlogProject } from './blog-project.js';

// The fixture blog built once; its pages (and its feeds, as Eleventy's results carry
// them) become the documents, and fresh folders receive each index.
const VISUAL_MATH = '<span class="katex-html" aria-hidden="true">';
const MATHML = '<span class="katex-mathml">';
let out: string;
let documents: { url: string; html: string }[];
let htmlPages: number;
let fromMemory: string;

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'lemma-search-'));
const urlOf = (file: string) => `/${file.replace(/(^|\/)index\.html$/, '$1')}`;

/** Every file of the index under `<dir>/pagefind/`, by path. */
function indexFiles(dir: string): Map<string, Buffer> {
  const root = path.join(dir, 'pagefind');
  return new Map(filesUnder(root).map((f) => [f, readFileSync(path.join(root, f))]));
}

/** Each page's record in the index (gzip'd JSON after a `pagefind_dcd` signature), by its URL. */
function fragments(dir: string): Map<string, string> {
  const records = [...indexFiles(dir)].filter(([f]) => f.endsWith('.pf_fragment')).map(([, bytes]) => gunzipSync(bytes).toString());
  for (const r of records) expect(r.startsWith('pagefind_dcd')).toBe(true);
  return new Map(records.map((r) => [JSON.parse(r.slice('pagefind_dcd'.length)).url as string, r]));
}

/**
 * The same pages, equivalent as HTML, that `searchableHtml` no longer recognises: Pagefind
 * parses every equation whole and excludes `.katex-html` itself.
 */
const asWritten = (html: string) =>
  html.replaceAll(VISUAL_MATH, '<span aria-hidden="true" class="katex-html">').replaceAll(MATHML, '<span  class="katex-mathml">');
const count = (pages: { html: string }[], marker: string) => pages.reduce((n, d) => n + d.html.split(marker).length - 1, 0);

/** Whether the two index folders hold the same files, byte for byte (named, so a failure says which). */
function expectSameIndex(dir: string, expectedDir: string) {
  const files = indexFiles(dir);
  const expected = indexFiles(expectedDir);
  expect([...files.keys()]).toEqual([...expected.keys()]);
  for (const [name, bytes] of expected) expect({ name, same: files.get(name)!.equals(bytes) }).toEqual({ name, same: true });
}

const SEARCH = `
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [root, query, baseUrl] = process.argv.slice(1);
const server = http.createServer(async (req, res) => {
  try { res.end(await readFile(path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)))); }
  catch { res.statusCode = 404; res.end(); }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const pagefind = await import(pathToFileURL(path.join(root, 'pagefind/pagefind.js')).href);
await pagefind.options({ basePath: 'http://127.0.0.1:' + server.address().port + '/pagefind/', baseUrl });
const { results } = await pagefind.search(query);
const data = await Promise.all(results.map((r) => r.data()));
console.log(JSON.stringify(data.map((d) => d.url)));
server.close();
`;

/** The result URLs the search page shows: Pagefind's own browser bundle, served over HTTP, with the page's base URL. */
function search(dir: string, query: string, baseUrl: string): string[] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SEARCH, dir, query, baseUrl], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) throw new Error(`search failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

beforeAll(async () => {
  ({ out } = await buildBlog(makeBlogProject(), 'out', [], { LEMMA_BUILD_DATE: '2026-06-01' }));
  const files = filesUnder(out).filter((f) => !f.startsWith('pagefind/') && /\.(html|xml|json|txt)$/.test(f));
  documents = files.map((f) => ({ url: urlOf(f), html: readFileSync(path.join(out, f), 'utf8') }));
  htmlPages = files.filter((f) => f.endsWith('.html')).length;
  fromMemory = tempDir();
  expect(await buildSearchIndex(fromMemory, documents)).toEqual({ pages: htmlPages });
});

describe('the index built from pages in memory', () => {
  test('is the same, byte for byte, whatever the order of the pages, and reads nothing from disk', async () => {
    // The index folders hold no HTML: whatever is indexed came from the documents.
    const reversed = tempDir();
    const rotated = tempDir();
    await buildSearchIndex(reversed, [...documents].reverse());
    await buildSearchIndex(rotated, [...documents.slice(7), ...documents.slice(0, 7)]);
    expect([...fragments(fromMemory).keys()].sort()).toEqual(['/about/', '/posts/alpha/', '/posts/beta/', '/posts/gamma/', '/posts/series/part-one/']);
    expectSameIndex(reversed, fromMemory);
    expectSameIndex(rotated, fromMemory);
  });

  test("is the index Pagefind makes of the whole pages, KaTeX's markup and all", async () => {
    const whole = documents.map((d) => ({ ...d, html: asWritten(d.html) }));
    expect(count(documents, VISUAL_MATH)).toBeGreaterThan(3);
    expect(count(documents, MATHML)).toBeGreaterThan(3);
    expect(count(whole, VISUAL_MATH) + count(whole, MATHML)).toBe(0);
    const parsedWhole = tempDir();
    await buildSearchIndex(parsedWhole, whole);
    expectSameIndex(fromMemory, parsedWhole);
  });

  test('has the pages and result URLs of the index Pagefind builds from the files, under the path prefix the search page gives', async () => {
    const site = tempDir();
    cpSync(out, site, { recursive: true });
    rmSync(path.join(site, 'pagefind'), { recursive: true });
    expect(await buildSearchIndex(site)).toEqual({ pages: htmlPages });
    expect(fragments(fromMemory)).toEqual(fragments(site));
    for (const dir of [fromMemory, site]) {
      expect(search(dir, 'learning', '/')).toEqual(['/posts/gamma/']);
      expect(search(dir, 'learning', '/repo/')).toEqual(['/repo/posts/gamma/']);
    }
  });
});

describe('the index a build streams page by page', () => {
  test('pages finished in any order, one nobody expected and one that never came: the index of the same pages given at once', async () => {
    const sorted = [...documents].sort((a, b) => (a.url < b.url ? -1 : 1));
    const last = sorted.at(-1)!;
    const expected = sorted.slice(0, -1).map((d) => d.url);
    expected.splice(3, 0, '/never-built/');
    const stream = new SearchIndexStream();
    stream.start();
    expect(stream.active).toBe(true);
    stream.expect(expected);
    for (const page of [...sorted].reverse()) stream.add(page.url, page.html);
    const streamed = tempDir();
    expect(await stream.finish(streamed)).toEqual({ pages: htmlPages });
    expect(stream.active).toBe(false);
    expect(expected).not.toContain(last.url);
    expectSameIndex(streamed, fromMemory);
  });

  test("the build's own index holds the same page records as the index made from its written pages", () => {
    expect(fragments(out)).toEqual(fragments(fromMemory));
  });

  test('goes in a fixed order: Markdown pages first (Eleventy finishes them first), then the rest, each by URL', () => {
    const order = searchOrder({
      './index.njk': ['/'],
      './posts/b.md': ['/posts/b/'],
      './posts/a.md': ['/posts/a/'],
      './feed.njk': ['/feed.xml'],
      './tags.njk': ['/tags/x/', '/tags/a/'],
      './posts/draft.md': [false],
    });
    expect(order).toEqual(['/posts/a/', '/posts/b/', '/', '/feed.xml', '/tags/a/', '/tags/x/']);
  });
});

test('result URLs are built as Pagefind builds them from file paths: index.html dropped, unsafe characters encoded', async () => {
  const page = (title: string) => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><main data-pagefind-body><h1>${title}</h1><p>Shared words.</p></main></body></html>`;
  const pages: { url: string; html: string }[] = [
    { url: '/', html: page('Home') },
    { url: '/数学/', html: page('Maths') },
    { url: '/a b/c#d/', html: page('Odd') },
    { url: '/404.html', html: page('Missing') },
  ];
  const onDisk = tempDir();
  for (const p of pages) {
    const file = path.join(onDisk, p.url.endsWith('/') ? `${p.url}index.html` : p.url);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, p.html);
  }
  const inMemory = tempDir();
  await buildSearchIndex(onDisk);
  // Pages may also be made only when the index takes them.
  await buildSearchIndex(inMemory, pages.map((p): SearchDocument => ({ url: p.url, html: () => p.html })));
  expect([...fragments(inMemory).keys()].sort()).toEqual(['/', '/%E6%95%B0%E5%AD%A6/', '/404.html', '/a%20b/c%23d/']);
  expect(fragments(inMemory)).toEqual(fragments(onDisk));
});

// Equations that between them use every MathML element KaTeX writes for common TeX.
const EQUATIONS = [
  '\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}',
  '\\text{if } x < y \\;\\&\\; y > 0',
  '\\boxed{E=mc^2}',
  '\\overbrace{a+b}^{n}\\underbrace{c}_{k}',
  '\\phantom{x}\\hspace{1em}\\operatorname{argmax}_\\theta',
  '\\color{red}{\\mathbb{R}}\\cancel{y}',
  '\\left( \\frac{1}{2} \\right)\\sum_{\\substack{i<j\\\\ k}} x',
  '\\sqrt[3]{x}\\xrightarrow{f}\\vec{v}\\widehat{ab}',
];
const MATHML_ELEMENTS = ['menclose', 'mfrac', 'mover', 'mpadded', 'mphantom', 'mroot', 'mspace', 'mstyle', 'mtable', 'mtd', 'mtext', 'mtr', 'munder'];

describe("KaTeX's markup, reduced as text", () => {
  const rendered = EQUATIONS.map((tex, i) => katex.renderToString(tex, { displayMode: i % 2 === 0 }));
  const page = `<!doctype html><html lang="en"><head><title>Maths</title></head><body><main data-pagefind-body><h1>Maths</h1>${rendered
    .map((eq, i) => `<p>Equation ${i}: ${eq}, said plainly.</p>`)
    .join('\n')}</main></body></html>`;

  test('keeps of each equation only the text of its MathML, without its TeX, in a span of its own', () => {
    const $ = load(searchableHtml(page));
    const before = load(page);
    before('annotation').remove();
    expect($('.katex-html')).toHaveLength(0);
    expect($('math')).toHaveLength(0);
    expect($('.katex-mathml')).toHaveLength(EQUATIONS.length);
    expect($('.katex-mathml').map((_, el) => $(el).text()).get()).toEqual(before('.katex-mathml').map((_, el) => before(el).text()).get());
    expect($('.katex-mathml').first().text()).toBe('(abcd)');
    expect(searchableHtml(page)).not.toContain('\\begin{pmatrix}');
    expect($('p').map((_, el) => $(el).text()).get()).toEqual(before('p').map((_, el) => before(el).text().replace(before(el).find('.katex-html').text(), '')).get());
  });

  test('gives the index Pagefind makes of the whole page, for every MathML element KaTeX writes', async () => {
    for (const name of MATHML_ELEMENTS) expect(page).toContain(`<${name}`);
    expect(page).toContain('<svg');
    const reduced = tempDir();
    const whole = tempDir();
    await buildSearchIndex(reduced, [{ url: '/maths/', html: page }]);
    await buildSearchIndex(whole, [{ url: '/maths/', html: asWritten(page) }]);
    expect(searchableHtml(asWritten(page))).toBe(asWritten(page));
    expect(searchableHtml(page).length).toBeLessThan(page.length / 4);
    expectSameIndex(reduced, whole);
    expect([...fragments(reduced).keys()]).toEqual(['/maths/']);
    // Readers' text of each equation, never its TeX source (an excerpt would show both).
    expect(fragments(reduced).get('/maths/')).toContain('(abcd)');
    expect(fragments(reduced).get('/maths/')).not.toContain('begin{pmatrix}');
  });

  test('leaves an unclosed equation to Pagefind', () => {
    const broken = `<p>${VISUAL_MATH}<span>x</span></p>`;
    expect(searchableHtml(broken)).toBe(broken);
  });
});

describe('errors stay errors, naming what failed', () => {
  const page = { url: '/a/', html: '<html lang="en"><body><main data-pagefind-body><p>Words.</p></main></body></html>' };

  test('pages that share a URL, a URL that is not a path, an output folder that cannot be made', async () => {
    await expect(buildSearchIndex(tempDir(), [page, { ...page }])).rejects.toThrow('Search index: two pages have the URL /a/');
    await expect(buildSearchIndex(tempDir(), [{ ...page, url: 'a/' }])).rejects.toThrow('Search index: page URL "a/" does not start with "/"');
    const file = path.join(tempDir(), 'a-file');
    writeFileSync(file, '');
    await expect(buildSearchIndex(file, [page])).rejects.toThrow(`Search index: cannot create ${file}/pagefind`);
  });

  test('Pagefind stopping mid-way (here a panic on a file in its way) fails the build instead of ending it quietly', () => {
    // A process of its own: Node notices Pagefind has gone only once nothing else is left to wait for.
    const dir = tempDir();
    mkdirSync(path.join(dir, 'pagefind'));
    writeFileSync(path.join(dir, 'pagefind/fragment'), 'in the way');
    const module = pathToFileURL(path.join(REPO, 'src/site/search-index.ts')).href;
    const script = `import { buildSearchIndex } from '${module}';
      buildSearchIndex(${JSON.stringify(dir)}, [${JSON.stringify(page)}]).then(
        () => console.log('finished'),
        (error) => { console.log(error.message); process.exitCode = 1; });`;
    const loader = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
    const run = spawnSync(process.execPath, ['--import', loader, '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(run.stdout.trim()).toBe('Search index: the Pagefind process stopped before it answered (its own message, if any, is above)');
    expect(run.status).toBe(1);
  });
});
