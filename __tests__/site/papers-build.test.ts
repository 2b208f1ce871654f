import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { makeProject, post, REPO, runCli } from '../helpers/project.js';
import { filesUnder } from './blog-project.js';

/** The real build of the paper fixture (theorems, a proof, a figure, five citations from a .bib). */
const FIXTURE = path.join(REPO, '__tests__/fixtures/papers');
const PAPER = readFileSync(path.join(FIXTURE, 'paper.md'), 'utf8');

function paperProject(posts: Record<string, string>, settings?: object): string {
  const dir = makeProject(posts, { settings });
  for (const file of ['refs.bib', 'partial-sums.svg']) copyFileSync(path.join(FIXTURE, file), path.join(dir, 'posts', file));
  return dir;
}

const projects: string[] = [];
afterAll(() => {
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('a paper-like post, built', () => {
  let dir: string;
  beforeAll(async () => {
    dir = paperProject({
      'paper.md': PAPER,
      'no-cite.md': post({ title: 'Notes', date: '2026-03-01', cite: 'false' }, 'Ask @ada on the forum.\n'),
    });
    projects.push(dir);
    const built = await runCli(['build'], dir, { LEMMA_BUILD_DATE: '2026-04-01' });
    expect(built.stderr).not.toMatch(/error/);
    expect(built.code).toBe(0);
  });

  test('renders numbered, linked and formatted', () => {
    const $ = load(read(dir, '_site/posts/paper/index.html'));
    expect($('.theorem .theorem-name').map((_, el) => $(el).text()).get()).toEqual(['Theorem 1', 'Theorem 2', 'Lemma 1']);
    expect($('.proof .qed')).toHaveLength(1);
    expect($('figure#fig-sums figcaption').text()).toMatch(/^Figure 1: Partial sums approach/);
    expect($('a.crossref').map((_, a) => `${$(a).attr('href')} ${$(a).text()}`).get()).toEqual([
      '#thm-basel Theorem 1', '#fig-sums Figure 1', '#lem-bound Lemma 1', '#thm-parseval 2',
    ]);
    expect($('#refs .csl-entry')).toHaveLength(5);
    expect($('.citation a.citation-link').map((_, a) => $(a).attr('href')).get()).toEqual([
      '#ref-euler1735', '#ref-vaswani2017', '#ref-goedel1931', '#ref-he2016', '#ref-erdos1950',
    ]);
    // Its styles, and the preview script, come with it.
    expect($('link[href="/assets/css/papers.css"]')).toHaveLength(1);
    expect($('script[src="/assets/js/previews.js"]')).toHaveLength(1);
    // The figure's image is copied beside the page.
    expect(filesUnder(path.join(dir, '_site/posts'))).toContain('partial-sums.svg');
  });

  test('"Cite this post" gives a BibTeX entry for the post; cite: false leaves it out', () => {
    const $ = load(read(dir, '_site/posts/paper/index.html'));
    expect($('.cite-post h2').text()).toBe('Cite this post');
    expect($('.cite-post code').text()).toBe(
      [
        '@online{lovelace2026paper,',
        '  author = {Lovelace, Ada},',
        '  title = {Sums of reciprocal squares},',
        '  year = {2026},',
        '  month = mar,',
        '  url = {https://example.github.io/posts/paper/},',
        '  organization = {Lemma}',
        '}',
      ].join('\n'),
    );
    const notes = load(read(dir, '_site/posts/no-cite/index.html'));
    expect(notes('.cite-post')).toHaveLength(0);
    // Nothing for papers.css to style: the page does not ask for it.
    expect(notes('link[href="/assets/css/papers.css"]')).toHaveLength(0);
    // No bibliography: an @handle is text.
    expect(notes('.post-content p').text()).toBe('Ask @ada on the forum.');
  });

  test('the feeds carry numbers, references and the bibliography, without preview cards', () => {
    const atom = read(dir, '_site/feed.xml');
    const json = JSON.parse(read(dir, '_site/feed.json')) as { items: { url: string; content_html: string }[] };
    const entry = json.items.find((i) => i.url.endsWith('/posts/paper/'))!;
    for (const html of [entry.content_html, load(atom, { xml: true })('entry content').first().text()]) {
      const $ = load(html);
      expect($('.theorem-name').first().text()).toBe('Theorem 1');
      expect($('a.crossref').first().attr('href')).toBe('https://example.github.io/posts/paper/#thm-basel');
      expect($('#refs .csl-entry')).toHaveLength(5);
      expect($('#ref-goedel1931').text()).toContain('Über formal unentscheidbare Sätze');
      expect(html).not.toMatch(/preview-card|previews\.js|cite-post/);
    }
  });

  test('the check passes on it', async () => {
    const checked = await runCli(['check'], dir);
    expect(checked.stdout + checked.stderr).toMatch(/No problems/);
    expect(checked.code).toBe(0);
  });
});

describe('wrong references fail the build at their lines', () => {
  test('unknown, duplicate and wrong-kind labels, an unknown key and a malformed .bib', async () => {
    const dir = paperProject({
      'bad.md': post({ title: 'Bad', date: '2026-03-01', bibliography: 'refs.bib' }, [
        'See @thm-nope and [@nobody2020].', // line 6
        '',
        '::: lemma {#thm-a}', // 8
        'A.',
        ':::',
        '',
        '![Plot](partial-sums.svg){#fig-a}', // 12
        '',
        '![Again](partial-sums.svg){#fig-a}', // 14
      ].join('\n')),
      'bad-bib.md': post({ title: 'Bad bib', date: '2026-03-01', bibliography: 'broken.bib' }, 'As [@x].\n'),
    });
    projects.push(dir);
    writeFileSync(path.join(dir, 'posts/broken.bib'), '@book{x, title = {T}, year = 2000}\n\n@book{y title = {U}}\n');
    const built = await runCli(['build'], dir);
    expect(built.code).not.toBe(0);
    const lines = built.stderr.split('\n').filter((l) => /^posts\/\S+:\d+: error/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^posts\/bad\.md:6: error: @thm-nope refers to no \{#thm-nope\}/),
      expect.stringMatching(/^posts\/bad\.md:6: error: @nobody2020: no entry with that key/),
      expect.stringMatching(/^posts\/bad\.md:8: error: \{#thm-a\} is a theorem label, but it labels a lemma/),
      expect.stringMatching(/^posts\/bad\.md:14: error: \{#fig-a\} is used twice in this post \(first at line 12\)/),
      expect.stringMatching(/^posts\/broken\.bib:3: error: not valid BibTeX/),
    ]);
  });
});

describe('one site, whatever the path', () => {
  test('plain, threaded cold, cached warm: the same bytes; editing the .bib reaches a cached build', async () => {
    // 25 posts: enough for the build to start its pre-render workers. Numeric style and a
    // site-wide bibliography: the workers must render with the build's settings.
    const posts: Record<string, string> = {};
    for (let i = 0; i < 25; i++) posts[`paper-${i}.md`] = `${PAPER.replace('Sums of reciprocal squares', `Sums ${i}`)}\nAlso [@knuth1984].\n`;
    const settings = { ...JSON.parse(read(REPO, 'site/site.json')), citations: { style: 'numeric', bibliography: 'site.bib' } };
    const dir = paperProject(posts, settings);
    writeFileSync(path.join(dir, 'site.bib'), '@book{knuth1984, title = {The {\\TeX}book}, author = {Knuth, Donald E.}, year = 1984, publisher = {Addison-Wesley}}\n');
    projects.push(dir);
    const cacheDir = path.join(dir, 'cache');
    const html = (out: string) =>
      Object.fromEntries(filesUnder(path.join(dir, out)).filter((f) => f.endsWith('.html') || f.endsWith('.xml') || f.endsWith('.json')).map((f) => [f, read(dir, path.join(out, f))]));

    const plain = await runCli(['build', '--output', 'plain'], dir, { LEMMA_CACHE: 'off', LEMMA_THREADS: '0' });
    expect(plain.code).toBe(0);
    const threaded = await runCli(['build', '--output', 'threaded'], dir, { LEMMA_THREADS: '2', LEMMA_CACHE_DIR: cacheDir });
    expect(threaded.code).toBe(0);
    expect(threaded.stdout + threaded.stderr).toMatch(/documents pre-rendered on 2 threads/);
    const warm = await runCli(['build', '--output', 'warm'], dir, { LEMMA_THREADS: '2', LEMMA_CACHE_DIR: cacheDir });
    expect(warm.code).toBe(0);
    expect(warm.stdout + warm.stderr).toMatch(/2[5-9] of \d+ documents taken whole from the cache/);

    const expected = html('plain');
    const $ = load(expected['posts/paper-3/index.html']);
    expect($('#refs .csl-entry')).toHaveLength(6);
    expect($('#ref-knuth1984 .csl-left-margin').text()).toBe('6.');
    expect($('.citation').last().text()).toBe('[6]');
    expect(html('threaded')).toEqual(expected);
    expect(html('warm')).toEqual(expected);

    // The .bib is part of every citing post's cache key.
    const bib = path.join(dir, 'posts/refs.bib');
    writeFileSync(bib, read(dir, 'posts/refs.bib').replace('Attention Is All You Need', 'Attention Is Still All You Need'));
    const edited = await runCli(['build', '--output', 'edited'], dir, { LEMMA_THREADS: '2', LEMMA_CACHE_DIR: cacheDir });
    expect(edited.code).toBe(0);
    expect(load(read(dir, 'edited/posts/paper-7/index.html'))('#ref-vaswani2017').text()).toContain('Attention Is Still All You Need');
  }, 600_000);

  test('diagnostics are the same from workers and from the cache', async () => {
    const posts: Record<string, string> = {};
    for (let i = 0; i < 25; i++) posts[`paper-${i}.md`] = PAPER.replace('see @thm-basel', i === 5 ? 'see @thm-unknown' : 'see @thm-basel');
    const dir = paperProject(posts);
    projects.push(dir);
    const cacheDir = path.join(dir, 'cache');
    const errors = (stderr: string) => stderr.split('\n').filter((l) => /: error: /.test(l));
    const plain = await runCli(['build', '--output', 'a'], dir, { LEMMA_CACHE: 'off', LEMMA_THREADS: '0' });
    const threaded = await runCli(['build', '--output', 'b'], dir, { LEMMA_THREADS: '2', LEMMA_CACHE_DIR: cacheDir });
    const warm = await runCli(['build', '--output', 'c'], dir, { LEMMA_THREADS: '2', LEMMA_CACHE_DIR: cacheDir });
    expect(errors(plain.stderr)).toEqual([expect.stringMatching(/^posts\/paper-5\.md:7: error: @thm-unknown refers to no/)]);
    for (const run of [threaded, warm]) {
      expect(run.code).toBe(plain.code);
      expect(errors(run.stderr)).toEqual(errors(plain.stderr));
    }
  }, 600_000);
});
