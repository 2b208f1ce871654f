import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCheck, type CheckReport } from '../../src/check/index.js';
import type { BuildReportData } from '../../src/build/report-file.js';

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

/**
 * A hand-built site and its sources, so each way a URL reaches a page is known:
 * written twice in a post, in a layout, in the settings' nav, or by no source at all.
 */
describe('problems are traced to the source line that wrote them', () => {
  let report: CheckReport;

  beforeAll(async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lemma-mapping-'));
    const settings = { title: 'T', author: { name: 'A' }, url: 'https://blog.example', nav: [{ text: 'Gone', url: '/nav-missing/' }], image: '/assets/card.png' };
    write(root, 'site/site.json', JSON.stringify(settings, null, 2));
    write(root, 'site/_includes/layouts/x.njk', ['<!doctype html>', '<nav>{% for l in site.nav %}<a href="{{ l.url }}">{{ l.text }}</a>{% endfor %}</nav>', '<a href="/gone/">gone</a>', '{{ content | safe }}'].join('\n'));
    write(
      root,
      'posts/dup.md',
      ['---', 'title: Dup', 'date: 2026-01-01', '---', 'Intro.', 'A [first](/posts/none/) link.', '', 'Prices, escaped: \\$x\\$.', 'A [second](/posts/none/) one, and [wrong case](/Posts/Dup/).', '', '<p>Raw: $y$</p>', '[Almost](#intr)', 'Shown literally: \\\\(a\\\\) and \\\\begin{align}.'].join('\n'),
    );
    write(
      root,
      '_site/posts/dup/index.html',
      [
        '<!doctype html><meta property="og:image" content="https://blog.example/assets/card.png">',
        '<nav><a href="/nav-missing/">Gone</a></nav>',
        '<a href="/gone/">gone</a>',
        '<link rel="stylesheet" href="/assets/app.css">',
        '<h2 id="intro">Intro.</h2>',
        '<p>A <a href="/posts/none/">first</a> link.</p>',
        '<p>Prices, escaped: $x$.</p>',
        '<p>A <a href="/posts/none/">second</a> one, and <a href="/Posts/Dup/">wrong case</a>.</p>',
        '<p>Raw: $y$</p>',
        '<p><a href="#intr">Almost</a></p>',
        '<p>Shown literally: \\(a\\) and \\begin{align}.</p>',
      ].join('\n'),
    );
    const build: BuildReportData = {
      version: 1,
      builtAt: new Date().toISOString(),
      pathPrefix: '/',
      directories: { input: '.', includes: 'site/_includes', data: 'site/_data', output: '_site' },
      documents: [],
      pages: [{ url: '/posts/dup/', outputPath: 'posts/dup/index.html', inputPath: 'posts/dup.md' }],
    };
    report = await runCheck({ siteDir: '_site', projectRoot: root, buildReport: build });
  });

  // Escaped in the Markdown ($ and \ with a backslash), TeX on the page is meant as text: not reported.
  test('each occurrence in a post at its own line; layouts, settings and generated HTML at theirs', () => {
    expect(report.problems.map((p) => `${p.kind} ${p.file}:${p.line} ${p.url ?? ''}`.trim())).toEqual([
      'asset _site/posts/dup/index.html:4 /assets/app.css',
      'link posts/dup.md:6 /posts/none/',
      'link posts/dup.md:9 /Posts/Dup/',
      'link posts/dup.md:9 /posts/none/',
      'unrendered-math posts/dup.md:11',
      'fragment posts/dup.md:12 #intr',
      'link site/_includes/layouts/x.njk:3 /gone/',
      'link site/site.json:10 /nav-missing/', // the "url" line of the nav entry
      'asset site/site.json:13 https://blog.example/assets/card.png', // the social card's "image"
    ]);
  });

  test('messages help: case-sensitive hosts, close ids', () => {
    const message = (url: string) => report.problems.find((p) => p.url === url)?.message;
    expect(message('/Posts/Dup/')).toContain('The site has posts/dup/index.html: static hosts treat URLs as case-sensitive.');
    expect(message('#intr')).toContain('this page has no element with id "intr". Did you mean #intro?');
  });
});

describe('without a build report', () => {
  test('math errors are still found, from the error markers the build left in the pages', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lemma-noreport-'));
    write(root, 'site/site.json', JSON.stringify({ title: 'T', author: { name: 'A' }, url: 'https://blog.example' }));
    write(root, '_site/index.html', ['<!doctype html>', '<p>Half: <span class="katex-error" title="KaTeX parse error: Expected &#x27;}&#x27;">\\frac{1}{2</span></p>'].join('\n'));
    const report = await runCheck({ siteDir: '_site', projectRoot: root });
    expect(report.problems).toEqual([
      { severity: 'error', kind: 'math', file: '_site/index.html', line: 2, message: "KaTeX parse error: Expected '}'", source: '\\frac{1}{2', page: '/' },
    ]);
    expect(report.notes.join('\n')).toMatch(/No build report/);
  });
});

test('TeX on a line whose math the build already reported is not reported twice', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'lemma-explained-'));
  write(root, 'site/site.json', JSON.stringify({ title: 'T', author: { name: 'A' }, url: 'https://blog.example' }));
  write(root, 'posts/p.md', ['---', 'title: P', 'date: 2026-01-01', '---', 'Inline: \\begin{align} a &= b \\end{align} here.', '', '<div>Raw: $x_1$</div>'].join('\n'));
  write(root, '_site/posts/p/index.html', ['<!doctype html>', '<p>Inline: \\begin{align} a &amp;= b \\end{align} here.</p>', '<div>Raw: $x_1$</div>'].join('\n'));
  const diagnostic = { severity: 'error' as const, kind: 'math' as const, file: 'posts/p.md', line: 5, message: '\\begin{align} is inside a paragraph' };
  const report = await runCheck({
    siteDir: '_site',
    projectRoot: root,
    buildReport: {
      version: 1,
      builtAt: new Date().toISOString(),
      pathPrefix: '/',
      directories: { input: '.', includes: 'site/_includes', data: 'site/_data', output: '_site' },
      documents: [{ file: 'posts/p.md', diagnostics: [diagnostic], headings: [], mathCount: 0 }],
      pages: [{ url: '/posts/p/', outputPath: 'posts/p/index.html', inputPath: 'posts/p.md' }],
    },
  });
  expect(report.problems.map((p) => `${p.kind} ${p.file}:${p.line}`)).toEqual(['math posts/p.md:5', 'unrendered-math posts/p.md:7']);
});
