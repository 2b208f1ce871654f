import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { imageSize } from 'image-size';
import { post, runCli } from '../helpers/project.js';
import { cell, fixtureImages, makeNotebookProject, notebookJson } from './notebook-fixture.js';

const BUILD_DATE = { LEMMA_BUILD_DATE: '2026-06-01' };

/** An embed-only notebook (no front matter): its last cell draws a figure. */
const SNIPPETS = notebookJson([
  cell.markdown('## Embedded heading'),
  cell.code('print("first")', [cell.stdout('first\n')]),
  cell.code('plot()', [{ output_type: 'display_data', metadata: {}, data: { 'image/svg+xml': '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"><rect width="8" height="4"/></svg>', 'text/plain': '<Figure>' } }]),
]);

const WITH_EMBED = post(
  { title: 'Embedding', date: '2026-04-01' },
  [
    'See [the notebook post](least-squares.ipynb).',
    '',
    '$$ e = mc^2 \\label{eq:first} $$',
    '',
    '::: notebook least-squares.ipynb cells=2:4',
    '',
    '::: notebook parts/snippets.ipynb cells=-1',
    '',
    'After the embeds, \\eqref{eq:first}.',
  ].join('\n'),
);

describe('a notebook post', () => {
  let dir: string;
  let out: string;
  let $: cheerio.CheerioAPI;
  let embed: cheerio.CheerioAPI;

  beforeAll(async () => {
    dir = makeNotebookProject({ 'with-embed.md': WITH_EMBED, 'parts/snippets.ipynb': SNIPPETS });
    // A scratch notebook elsewhere in the project, half-saved: not a post, never read.
    mkdirSync(path.join(dir, 'notebooks'));
    writeFileSync(path.join(dir, 'notebooks/scratch.ipynb'), '{ "cells": [');
    out = path.join(dir, 'out');
    const result = await runCli(['build', '--output', out], dir, BUILD_DATE);
    if (result.code !== 0) throw new Error(result.stderr);
    $ = cheerio.load(readFileSync(path.join(out, 'posts/least-squares/index.html'), 'utf8'));
    embed = cheerio.load(readFileSync(path.join(out, 'posts/with-embed/index.html'), 'utf8'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cells = () => $('.post-content > .notebook-cell');
  const cellWith = (code: string) => cells().filter((_, el) => $(el).find('pre code').text().includes(code));

  test('front matter comes from the first raw cell, which is not shown', () => {
    expect($('h1').text()).toBe('Fitting a line: a notebook');
    expect($('time').attr('datetime')).toBe('2026-03-14');
    expect($('.post-meta a.tag').map((_, a) => $(a).text()).get()).toEqual(['notebooks', 'regression']);
    expect($('meta[name="description"]').attr('content')).toBe('Least squares, from a Jupyter notebook.');
    expect($('.post-content').text()).not.toContain('title:');
  });

  test('Markdown cells: heading ids, build-time math, containers and one equation counter across cells', () => {
    expect($('.post-content h2').attr('id')).toBe('the-model');
    expect($('.post-content h3').attr('id')).toBe('conclusion');
    expect($('aside.callout-note').text()).toContain('is convex');
    // \eqref in cell 2 and in the last Markdown cell; the second equation is in a text/latex output.
    expect($('#eq\\:loss .katex-tag, [id="eq:loss"]').first().text()).toContain('(1)');
    expect($('[id="eq:slope"]').text()).toContain('(2)');
    expect($('a.eqref').map((_, a) => `${$(a).attr('href')} ${$(a).text()}`).get()).toEqual(['#eq:loss (1)', '#eq:loss (1)', '#eq:slope (2)']);
    // No TeX left for a reader to see: outside code and KaTeX's own annotations, none.
    const prose = $('.post-content').clone();
    prose.find('pre, annotation').remove();
    expect(prose.text()).not.toMatch(/\$\$|\\sum|\\eqref/);
    expect($('.katex-error')).toHaveLength(0);
    expect($('.post-content .katex').length).toBeGreaterThanOrEqual(4);
  });

  test('code cells are highlighted in the kernel language, without their #| option lines', () => {
    const df = cellWith('pd.DataFrame');
    expect(df.find('pre.language-python code .token.keyword').first().text()).toBe('import');
    expect($('.post-content').text()).not.toContain('#|');
    expect(cellWith('def predict').find('pre code').text()).toBe('def predict(x):\n    return a * x + b');
    expect(cellWith('def predict').find('.notebook-output')).toHaveLength(0);
  });

  test('text/html outputs pass through (a pandas table, styled by the site)', () => {
    const table = cellWith('pd.DataFrame').find('.notebook-output.notebook-html table.dataframe');
    expect(table).toHaveLength(1);
    expect(table.find('tbody tr').map((_, tr) => $(tr).find('th, td').map((__, c) => $(c).text()).get().join(' ')).get()).toEqual(['0 1 2.1', '1 2 3.9']);
    const css = readFileSync(path.join(out, 'assets/css/lemma.css'), 'utf8');
    expect(css).toMatch(/\.notebook-output table\.dataframe/);
  });

  test('streams are preformatted, merged per stream, ANSI colours as classes, text escaped', () => {
    const c = cellWith('print("fitting")');
    const stdout = c.find('pre.notebook-stream.notebook-stdout');
    expect(stdout).toHaveLength(1);
    expect(stdout.text()).toBe('fitting\ndone in 3 steps');
    expect(stdout.find('span.ansi-green-fg').text()).toBe('done');
    expect(c.find('pre.notebook-stderr').text()).toBe('careful <now>');
    expect(c.find('pre.notebook-stderr').html()).toBe('careful &lt;now&gt;');
  });

  test('errors: the traceback with its colours, no escape codes left', () => {
    const error = cellWith('1 / 0').find('pre.notebook-error');
    expect(error.text()).toContain('ZeroDivisionError: division by zero');
    expect(error.find('span.ansi-red-fg').first().text()).toMatch(/^-+$/);
    expect(error.text()).not.toContain('\u001b');
  });

  test('PNG, JPEG and SVG outputs are image files beside the page, named by content, with width and height', () => {
    const images = fixtureImages();
    const expected = [
      { code: 'plt.plot', mime: 'image/png', ext: 'png', width: '20', height: '10', alt: 'A scatter plot of y against x' },
      { code: 'Image("photo.jpg")', mime: 'image/jpeg', ext: 'jpg', width: '48', height: '32', alt: '' },
      { code: 'SVG(svg)', mime: 'image/svg+xml', ext: 'svg', width: '30', height: '15', alt: '' },
    ];
    for (const e of expected) {
      const img = cellWith(e.code).find('.notebook-output img');
      expect(img).toHaveLength(1);
      const src = img.attr('src')!;
      expect(src).toMatch(new RegExp(`^[0-9a-f]{20}\\.${e.ext}$`));
      expect([img.attr('width'), img.attr('height'), img.attr('alt')]).toEqual([e.width, e.height, e.alt]);
      const file = path.join(out, 'posts/least-squares', src);
      expect(readFileSync(file).equals(images[e.mime])).toBe(true);
    }
    // The PNG is 40×20 pixels shown at 20×10 (what the notebook asked for: a retina figure).
    const png = cellWith('plt.plot').find('img').attr('src')!;
    expect(imageSize(readFileSync(path.join(out, 'posts/least-squares', png)))).toMatchObject({ width: 40, height: 20 });
    expect(readFileSync(path.join(out, 'posts/least-squares/index.html'), 'utf8')).not.toContain('data:image');
  });

  test('an image pasted into a Markdown cell (an attachment) is a file beside the page too', () => {
    const img = $('.post-content img[alt="A pasted diagram"]');
    expect(img.attr('src')).toMatch(/^[0-9a-f]{20}\.png$/);
    expect([img.attr('width'), img.attr('height')]).toEqual(['6', '4']);
    expect(imageSize(readFileSync(path.join(out, 'posts/least-squares', img.attr('src')!)))).toMatchObject({ width: 6, height: 4 });
  });

  test('text/markdown and text/latex outputs go through the Markdown pipeline', () => {
    const c = cellWith('display(Markdown');
    expect(c.find('.notebook-markdown strong').text()).toBe('1.8');
    expect(c.find('.notebook-markdown .katex')).toHaveLength(1);
    expect(c.find('.notebook-latex .katex-display')).toHaveLength(1);
  });

  test('widgets and unknown types are left out, with a note', () => {
    expect(cellWith('IntSlider').find('.notebook-note').text()).toMatch(/widget/);
    expect(cellWith('IntSlider').text()).not.toContain('IntSlider(value=0)');
    expect(cellWith('custom_output').find('.notebook-note').text()).toContain('application/vnd.example.chart+json');
  });

  test('cell options: echo, output, include, code-fold, and the hide-input tag', () => {
    const text = $('.post-content').text();
    // echo: false → the output without the code.
    expect(text).not.toContain('secret_setup');
    expect(cells().filter((_, el) => $(el).find('pre.notebook-text').text() === '42').find('pre code')).toHaveLength(0);
    // output: false → the code without the output.
    expect(cellWith('print("noisy")').find('.notebook-output')).toHaveLength(0);
    // include: false → nothing.
    expect(text).not.toContain('hidden entirely');
    // code-fold: true → the code in a closed <details> labelled by code-summary; the output after it.
    const fold = cellWith('np.polyfit').find('details.notebook-fold');
    expect(fold.attr('open')).toBeUndefined();
    expect(fold.find('summary').text()).toBe('Show the fit');
    expect(fold.find('pre code').text()).toContain('np.polyfit');
    expect(cellWith('np.polyfit').children('pre.notebook-text').text()).toBe('1.8');
    // The hide-input tag → as echo: false.
    expect(text).not.toContain('tagged_hidden_input');
    expect(cells().filter((_, el) => $(el).find('pre.notebook-text').text() === "'tag'")).toHaveLength(1);
  });

  test('is a post like any other: listed, in the feed, linked to from Markdown by its file name', () => {
    expect(readFileSync(path.join(out, 'feed.xml'), 'utf8')).toContain('Fitting a line: a notebook');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('/posts/least-squares/');
    expect(embed('.post-content a[href="/posts/least-squares/"]').text()).toBe('the notebook post');
  });

  test('an embed shows the sliced cells in place: one document with the post (ids, equation numbers)', () => {
    const embeds = embed('.post-content .notebook-embed');
    expect(embeds).toHaveLength(2);
    // cells=2:4 → the third and fourth cells (0-based, as in Python): the table and the streams.
    expect(embeds.eq(0).find('.notebook-cell')).toHaveLength(2);
    expect(embeds.eq(0).find('table.dataframe')).toHaveLength(1);
    expect(embeds.eq(0).find('pre.notebook-stdout').text()).toBe('fitting\ndone in 3 steps');
    expect(embeds.eq(0).find('img')).toHaveLength(0);
    // cells=-1 → the last cell only; its figure is written beside this post.
    expect(embeds.eq(1).text()).not.toContain('Embedded heading');
    const src = embeds.eq(1).find('img').attr('src')!;
    expect([embeds.eq(1).find('img').attr('width'), embeds.eq(1).find('img').attr('height')]).toEqual(['8', '4']);
    expect(existsSync(path.join(out, 'posts/with-embed', src))).toBe(true);
    expect(embed('a.eqref').text()).toBe('(1)');
    // A notebook without front matter that a post embeds is not a post itself.
    expect(existsSync(path.join(out, 'posts/parts/snippets'))).toBe(false);
    expect(existsSync(path.join(out, 'notebooks'))).toBe(false);
  });

  test('lemma check passes the site: every image an output shows exists', async () => {
    const check = await runCli(['check', '--output', out], dir, BUILD_DATE);
    expect(check.stderr + check.stdout).not.toMatch(/error/i);
    expect(check.code).toBe(0);
  });

  test('a rebuild removes the figures no cell shows any more', async () => {
    const png = cellWith('plt.plot').find('img').attr('src')!;
    const file = path.join(dir, 'posts/least-squares.ipynb');
    const nb = JSON.parse(readFileSync(file, 'utf8')) as { cells: { source: string[]; outputs?: unknown[] }[] };
    nb.cells.find((c) => c.source.join('').includes('plt.plot'))!.outputs = [];
    writeFileSync(file, JSON.stringify(nb, null, 1));
    const result = await runCli(['build', '--output', out], dir, BUILD_DATE);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(out, 'posts/least-squares', png))).toBe(false);
    expect(existsSync(path.join(out, 'posts/least-squares/index.html'))).toBe(true);
  });
});
