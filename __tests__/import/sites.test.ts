import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { parse as parseYaml } from 'yaml';
import { makeProject, REPO, runCli, type CliResult } from '../helpers/project.js';

const FIXTURES = path.join(REPO, '__tests__/fixtures/import');

/** Front matter and body of a written post. */
function readPost(dir: string, file: string): { data: Record<string, unknown>; body: string } {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const [, yaml, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)!;
  return { data: parseYaml(yaml) as Record<string, unknown>, body };
}

/** What a reader sees of a built post: its article text without equations and code. */
function readerText(dir: string, url: string): string {
  const $ = load(readFileSync(path.join(dir, '_site', url, 'index.html'), 'utf8'));
  expect($('article .katex-error')).toHaveLength(0);
  $('article .katex, article pre, article code').remove();
  return $('article').text();
}

/** The old URL answers: a page there leads to the post, and the post exists. */
function expectRedirect(dir: string, oldUrl: string, to: string): void {
  const file = oldUrl.endsWith('/') ? `${oldUrl}index.html` : oldUrl;
  const $ = load(readFileSync(path.join(dir, '_site', file), 'utf8'));
  expect($('meta[http-equiv="refresh"]').attr('content')).toBe(`0; url=${to}`);
  expect(existsSync(path.join(dir, '_site', to, 'index.html'))).toBe(true);
}

/** Import a fixture site into a fresh project, build it and check it. */
async function importAndBuild(site: string): Promise<{ dir: string; imported: CliResult; build: CliResult; check: CliResult }> {
  const dir = makeProject({});
  const imported = await runCli(['import', path.join(FIXTURES, site)], dir);
  const build = await runCli(['build'], dir);
  const check = await runCli(['check'], dir);
  return { dir, imported, build, check };
}

/** No Liquid, shortcode, Kramdown or TeX source left in what readers see. */
const SOURCE_MARKUP = /\{%|%\}|\{\{|\}\}|\{:|\$\$|\\[a-zA-Z]+\{/;

describe('lemma import: a Jekyll/Kramdown site', () => {
  let run: Awaited<ReturnType<typeof importAndBuild>>;
  beforeAll(async () => (run = await importAndBuild('jekyll')));
  afterAll(() => rmSync(run.dir, { recursive: true, force: true }));

  test('writes the posts with their front matter mapped, and reports what it did', () => {
    expect(run.imported.code).toBe(0);
    expect(run.imported.stdout).toContain('Imported 2 post(s) from a Jekyll site');
    expect(run.imported.stdout).toContain('_posts/2018-05-01-policy-gradients.md:15: {% include disclaimer.html %}: no Lemma equivalent');
    const attention = readPost(run.dir, 'posts/attention-is-all-you-need.md');
    expect(attention.data).toEqual({
      title: 'Attention is all you need',
      date: '2018-04-08',
      description: 'Scaled dot-product attention, step by step.',
      tags: ['transformers', 'attention', 'ml'],
      redirect_from: ['/ml/2018/04/08/attention-is-all-you-need.html'],
    });
    // Date from the file name; categories as tags; its own redirect_from kept.
    expect(readPost(run.dir, 'posts/policy-gradients.md').data).toMatchObject({ date: '2018-05-01', tags: ['ml', 'rl'], redirect_from: ['/ml/rl/2018/05/01/policy-gradients.html', '/pg/'] });
    expect(attention.body).toContain('[the follow-up](policy-gradients.md)');
    expect(attention.body).toContain('[its loss](policy-gradients.md#the-loss)');
    expect(attention.body).toContain('```python\ndef attention');
    expect(attention.body).toContain('```\ndef plain_code():');
    expect(attention.body).not.toMatch(/\{:|\{%|site\.baseurl/);
  });

  test('builds and checks clean: math, links, fragments, the copied image', () => {
    expect(run.build.code).toBe(0);
    expect(run.check.stdout).toContain('No problems');
    expect(run.check.code).toBe(0);
    expect(existsSync(path.join(run.dir, 'posts/attention-is-all-you-need/attention.png'))).toBe(true);
    expect(existsSync(path.join(run.dir, '_site/posts/attention-is-all-you-need/attention.png'))).toBe(true);
    for (const url of ['posts/attention-is-all-you-need', 'posts/policy-gradients']) expect(readerText(run.dir, url)).not.toMatch(SOURCE_MARKUP);
    // The Kramdown display environment in a list item is display math.
    const $ = load(readFileSync(path.join(run.dir, '_site/posts/attention-is-all-you-need/index.html'), 'utf8'));
    expect($('li .katex-display')).toHaveLength(1);
    expect($('#alexnet-and-td3')).toHaveLength(1);
  });

  test('every old URL answers', () => {
    expectRedirect(run.dir, '/ml/2018/04/08/attention-is-all-you-need.html', '/posts/attention-is-all-you-need/');
    expectRedirect(run.dir, '/ml/rl/2018/05/01/policy-gradients.html', '/posts/policy-gradients/');
    expectRedirect(run.dir, '/pg/', '/posts/policy-gradients/');
  });

  test('never overwrites: a second import writes nothing', async () => {
    const before = readFileSync(path.join(run.dir, 'posts/policy-gradients.md'), 'utf8');
    const again = await runCli(['import', path.join(FIXTURES, 'jekyll')], run.dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('posts/attention-is-all-you-need.md');
    expect(again.stderr).toContain('Nothing was written.');
    expect(readFileSync(path.join(run.dir, 'posts/policy-gradients.md'), 'utf8')).toBe(before);
  });
});

describe('lemma import: a Hugo site', () => {
  let run: Awaited<ReturnType<typeof importAndBuild>>;
  beforeAll(async () => (run = await importAndBuild('hugo')));
  afterAll(() => rmSync(run.dir, { recursive: true, force: true }));

  test('TOML and YAML front matter, shortcodes and page bundles are converted', () => {
    expect(run.imported.code).toBe(0);
    expect(run.imported.stdout).toContain('content/post/kl.md:27: {{< tweet user="someone" id="123" >}}: no Lemma equivalent');
    const kl = readPost(run.dir, 'posts/kl-divergence.md');
    expect(kl.data).toEqual({
      title: 'Kullback–Leibler divergence',
      date: '2019-06-11',
      description: 'Relative entropy between two distributions.',
      tags: ['information-theory', 'math'],
      redirect_from: ['/post/2019/06/11/kl-divergence/', '/kl/'],
    });
    expect(kl.body).toContain('![Two Gaussians](kl-divergence/kl.png)');
    expect(kl.body).toContain('```go\nfunc kl');
    expect(kl.body).toContain('[a plot](bundle-post.md) and [its section](bundle-post.md#kullbackleibler-in-practice)');
    expect(readPost(run.dir, 'posts/bundle-post.md').body).toContain('![The plot](bundle-post/plot.png)');
  });

  test('builds and checks clean, GitHub heading ids included, with every old URL answering', () => {
    expect(run.build.code).toBe(0);
    expect(run.check.stdout).toContain('No problems');
    expect(run.check.code).toBe(0);
    for (const url of ['posts/kl-divergence', 'posts/bundle-post']) expect(readerText(run.dir, url)).not.toMatch(SOURCE_MARKUP);
    expect(existsSync(path.join(run.dir, '_site/posts/bundle-post/plot.png'))).toBe(true);
    expectRedirect(run.dir, '/post/2019/06/11/kl-divergence/', '/posts/kl-divergence/');
    expectRedirect(run.dir, '/kl/', '/posts/kl-divergence/');
    expectRedirect(run.dir, '/post/2019/07/01/bundle-post/', '/posts/bundle-post/');
  });
});

describe('lemma import: a Pelican site', () => {
  let run: Awaited<ReturnType<typeof importAndBuild>>;
  beforeAll(async () => (run = await importAndBuild('pelican')));
  afterAll(() => rmSync(run.dir, { recursive: true, force: true }));

  test('metadata, {static}/{filename} links, codehilite blocks and the notebook tag are converted', () => {
    expect(run.imported.code).toBe(0);
    const gd = readPost(run.dir, 'posts/gradient-descent.md');
    expect(gd.data).toEqual({
      title: 'Gradient descent, step by step',
      date: '2020-02-02',
      description: 'Why the step size matters.',
      tags: ['optimization', 'calculus'],
      redirect_from: ['/posts/2020/02/02/gradient-descent/'],
    });
    expect(gd.body).toContain('![Loss curve](gradient-descent/loss.png)');
    expect(gd.body).toContain('[the second post](second-order-methods.md)');
    expect(gd.body).toContain('```python\ntheta = theta - eta * grad(theta)\n```');
    expect(gd.body).toMatch(/^::: notebook gradient-descent\/gd\.ipynb cells=1:$/m);
    expect(gd.body).not.toMatch(/cells=1:\n:::/);
    expect(gd.body).not.toContain('[TOC]');
    expect(existsSync(path.join(run.dir, 'posts/gradient-descent/gd.ipynb'))).toBe(true);
    expect(run.imported.stdout).toMatch(/Converted:[^]*\n {2}content\/gradient-descent\.md:21: \{% notebook notebooks\/gd\.ipynb cells\[1:\] %\}/);
  });

  test('builds and checks clean with every old URL answering', () => {
    expect(run.build.code).toBe(0);
    expect(run.check.stdout).toContain('No problems');
    expect(run.check.code).toBe(0);
    // The Unicode space and the curly apostrophe in math render without a warning.
    expect(run.build.stdout + run.build.stderr).not.toMatch(/warning/);
    expectRedirect(run.dir, '/posts/2020/02/02/gradient-descent/', '/posts/gradient-descent/');
    // The notebook tag became an embed: cells[1:] is the code cell alone, in place.
    const page = readFileSync(path.join(run.dir, '_site/posts/gradient-descent/index.html'), 'utf8');
    expect(page).not.toContain('::: notebook');
    expect(load(page)('main').text()).toContain('print(1)');
    expectRedirect(run.dir, '/posts/2020/03/15/second-order-methods/', '/posts/second-order-methods/');
  });
});

describe('lemma import: what it refuses', () => {
  test('a folder that does not exist, or holds no posts, writes nothing', async () => {
    const dir = makeProject({});
    try {
      const missing = await runCli(['import', path.join(dir, 'no-such-blog')], dir);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no-such-blog: no such folder');
      mkdirSync(path.join(dir, 'empty-blog'));
      writeFileSync(path.join(dir, 'empty-blog/notes.txt'), 'not a post');
      const none = await runCli(['import', path.join(dir, 'empty-blog')], dir);
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('no posts found');
      const usage = await runCli(['import'], dir);
      expect(usage.code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
