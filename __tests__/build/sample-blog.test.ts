import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import { build } from '../../src/build/eleventy.js';
import type { BuildReport } from '../../src/build/report.js';
import { makeProject, REPO } from '../helpers/project.js';
import { texAnnotations } from '../helpers/render.js';

/** The sample posts as the tests keep them (the author's `posts/` may change at will). */
const SAMPLE = path.join(REPO, '__tests__/fixtures/sample/posts');
let dir: string;
let out: string;
let report: BuildReport;
const page = (url: string): CheerioAPI => load(readFileSync(path.join(out, url, 'index.html'), 'utf8'));
const cwd = process.cwd();

beforeAll(async () => {
  dir = makeProject({});
  cpSync(SAMPLE, path.join(dir, 'posts'), { recursive: true });
  out = path.join(dir, '_site');
  // In this process, for the build's report: the build reads the project in the working directory.
  process.chdir(dir);
  try {
    ({ report } = await build({ outputDir: out, render: { cache: false } }));
  } finally {
    process.chdir(cwd);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sample blog, built with the real Eleventy', () => {
  test('every equation of the hello-world post is KaTeX, none is an error', () => {
    const $ = page('posts/hello-world');
    const record = report.get('posts/hello-world.md')!;
    expect(record.diagnostics).toEqual([]);
    expect(record.mathCount).toBeGreaterThan(15);
    expect($('.katex')).toHaveLength(record.mathCount);
    expect($('.katex-error')).toHaveLength(0);
    // Each equation written in the source appears, as TeX, in the MathML annotations.
    const source = readFileSync(path.join(SAMPLE, 'hello-world.md'), 'utf8');
    const annotations = texAnnotations($.html());
    for (const tex of ['e^{i\\pi} + 1 = 0', 'a^2 + b^2 = c^2', 'e^{i\\theta} = \\cos\\theta + i \\sin\\theta', 'N = p_1 p_2 \\cdots p_n + 1.', '\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}', '\\norm{x}', '\\grad f(x)']) {
      expect(source).toContain(tex);
      expect(annotations).toContain(tex);
    }
  });

  test('no TeX delimiters are left in the text outside code', () => {
    const $ = page('posts/hello-world');
    $('pre, code, .katex, script, style').remove();
    const text = $('main').text();
    expect(text).not.toMatch(/\$\$|\\\(|\\\[|\\begin\{/);
    expect(text).toContain('a price like $5 and $10');
  });

  test('details, Prism tokens, heading ids and TOC links', () => {
    const $ = page('posts/hello-world');
    expect($('details.details > summary').text()).toBe('Proof sketch');
    expect($('nav.toc > details > summary').text()).toBe('Contents');
    expect($('details .katex-display')).toHaveLength(1);
    expect($('pre.language-python span.token.keyword').length).toBeGreaterThan(3);
    expect($('h2#eulers-identity')).toHaveLength(1);
    const tocTargets = $('nav.toc a').map((_, a) => $(a).attr('href')).get();
    expect(tocTargets.length).toBeGreaterThanOrEqual(3);
    for (const href of tocTargets) expect($(`[id="${href.slice(1)}"]`)).toHaveLength(1);
    expect($('.callout-note .callout-title').text()).toBe('A note on notation');
    expect($('section.footnotes li')).toHaveLength(1);
  });

  test('post page: title, date, tags, reading time, previous/next', () => {
    const $ = page('posts/softmax-temperature');
    expect($('article h1').first().text()).toBe('Softmax and temperature');
    expect($('time').attr('datetime')).toBe('2026-11-08');
    expect($('.post-meta').text()).toMatch(/\d+ min read/);
    expect($('.tag').map((_, t) => $(t).text()).get()).toEqual(['machine-learning', 'math']);
    expect($('.post-pager a[rel="prev"]').attr('href')).toBe('/posts/hello-world/');
    expect($('.post-pager a[rel="next"]').attr('href')).toBe('/posts/bayes-in-one-line/');
  });

  test('short posts get no TOC', () => {
    expect(page('posts/bayes-in-one-line')('nav.toc')).toHaveLength(0);
  });

  test('home page lists posts newest first; KaTeX CSS only where there is math', () => {
    const $ = page('');
    expect($('.post-item h2 a').map((_, a) => $(a).attr('href')).get()).toEqual([
      '/posts/bayes-in-one-line/',
      '/posts/softmax-temperature/',
      '/posts/hello-world/',
    ]);
    expect($('link[href*="katex"]')).toHaveLength(0);
    expect(page('posts/hello-world')('link[href="/assets/katex/katex.min.css"]')).toHaveLength(1);
  });

  test('KaTeX CSS and woff2 fonts are served from the site itself', () => {
    expect(existsSync(path.join(out, 'assets/katex/katex.min.css'))).toBe(true);
    expect(existsSync(path.join(out, 'assets/katex/fonts/KaTeX_Main-Regular.woff2'))).toBe(true);
    const css = readFileSync(path.join(out, 'assets/katex/katex.min.css'), 'utf8');
    for (const [, font] of css.matchAll(/url\(fonts\/([^)]+\.woff2)\)/g)) {
      expect(existsSync(path.join(out, 'assets/katex/fonts', font))).toBe(true);
    }
  });

  test('the draft sample post is left out; the image beside a post and a link to another post work', () => {
    const draftSource = readFileSync(path.join(SAMPLE, 'attention-draft.md'), 'utf8');
    expect(draftSource).toMatch(/^draft: true$/m);
    expect(existsSync(path.join(out, 'posts/attention-draft'))).toBe(false);
    const img = page('posts/softmax-temperature')('.post-content img').attr('src')!;
    expect(existsSync(path.join(out, img))).toBe(true);
    expect(page('posts/bayes-in-one-line')('.post-content a[href^="/posts/hello-world/"]').attr('href')).toBe('/posts/hello-world/#a-proof-you-can-fold-away');
  });

  test('about and 404 pages exist', () => {
    expect(page('about')('h1').text()).toBe('About');
    expect(readFileSync(path.join(out, '404.html'), 'utf8')).toContain('Page not found');
  });
});
