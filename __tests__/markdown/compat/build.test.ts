import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import type { Browser, Page } from 'playwright-core';
import { makeProject, runCli, type CliResult } from '../../helpers/project.js';
import { DESKTOP, launchChromium, newContext, watchProblems, type PageProblems } from '../../e2e/support/browser.js';
import { startStaticServer, type StaticServer } from '../../e2e/support/server.js';
import { equationLinks, fixtureText, lineOf, shownTags } from './fixtures.js';

/** Real `lemma build` and `lemma check` runs over projects made of the MathJax fixture posts. */
describe('lemma build with posts ported from MathJax', () => {
  let ported: { dir: string; result: CliResult; check: CliResult };
  let broken: { dir: string; result: CliResult; check: CliResult };

  const page = (dir: string, slug: string): CheerioAPI => load(readFileSync(path.join(dir, '_site/posts', slug, 'index.html'), 'utf8'));

  beforeAll(async () => {
    const portedDir = makeProject(Object.fromEntries(['ported-post.md', 'kramdown-habits.md', 'symbols.md', 'numbering-off.md', 'quarto-post.md'].map((n) => [n, fixtureText(n)])));
    const brokenDir = makeProject(Object.fromEntries(['edge-cases.md', 'unsupported.md'].map((n) => [n, fixtureText(n)])));
    const [a, b] = await Promise.all([runCli(['build'], portedDir), runCli(['build'], brokenDir)]);
    const [checkA, checkB] = await Promise.all([runCli(['check', '--json'], portedDir), runCli(['check', '--json'], brokenDir)]);
    ported = { dir: portedDir, result: a, check: checkA };
    broken = { dir: brokenDir, result: b, check: checkB };
  });

  test('the ported posts build with exit 0 and no diagnostics', () => {
    expect(ported.result.stderr).not.toMatch(/\.md:\d+: (error|warning)/);
    expect(ported.result.code).toBe(0);
  });

  test('the built page shows the numbers in order, and every \\eqref lands on its number', () => {
    const $ = page(ported.dir, 'ported-post');
    expect(shownTags($)).toEqual(['(1)', '(2)(3)', '(4)', '(T)', '(5)(6)', '(7)(8)', '(9)']);
    const links = equationLinks($);
    expect(links.length).toBe(6);
    for (const { href, text } of links) {
      const target = $(`[id="${href.slice(1)}"]`);
      expect({ href, found: target.length }).toEqual({ href, found: 1 });
      expect([text, `(${text})`]).toContain(target.text());
    }
    // Equation ids never collide with heading ids or each other.
    const ids = $('[id]').map((_, el) => $(el).attr('id')).get();
    expect(new Set(ids).size).toBe(ids.length);
    expect($('.katex-error')).toHaveLength(0);
  });

  test('a Quarto post: numbered $$ … $$ {#eq-x} blocks and @eq-x links', () => {
    const $ = page(ported.dir, 'quarto-post');
    expect(shownTags($)).toEqual(['(1)', '(2)']);
    expect($('a.eqref[href="#eq-d1"]').first().text()).toBe('Equation 2');
    expect($('[id="eq-d1"]').text()).toBe('(2)');
  });

  test('front matter math.numbering: false is honoured in a real build', () => {
    const $ = page(ported.dir, 'numbering-off');
    expect(shownTags($)).toEqual(['(∗)']);
  });

  test('the KaTeX stylesheet the pages link is the one of the single KaTeX in the tree', () => {
    const css = readFileSync(path.join(ported.dir, '_site/assets/katex/katex.min.css'), 'utf8');
    const version = JSON.parse(readFileSync(path.resolve('node_modules/katex/package.json'), 'utf8')).version as string;
    expect(css).toContain(version);
  });

  test('broken labels, references and constructs KaTeX lacks fail the build, each with file and line', () => {
    expect(broken.result.code).toBe(1);
    const edge = fixtureText('edge-cases.md');
    const unsupported = fixtureText('unsupported.md');
    const expected = [
      `posts/edge-cases.md:${lineOf(edge, '$\\Prob(A)$')}: error: KaTeX parse error: Undefined control sequence: \\Prob`,
      `posts/edge-cases.md:${lineOf(edge, '\\label{eq:dup}', 2)}: error: \\label{eq:dup} is used twice`,
      `posts/edge-cases.md:${lineOf(edge, '\\eqref{eq:missing}')}: error: \\eqref{eq:missing} refers to no \\label{eq:missing}`,
      `posts/edge-cases.md:${lineOf(edge, '\\eqref{eq:starred}')}: error: \\eqref{eq:starred}: the equation labelled "eq:starred" has no number`,
      `posts/edge-cases.md:${lineOf(edge, '\\label{eq:inline}')}: error: \\label{eq:inline} is in inline math`,
      `posts/edge-cases.md:${lineOf(edge, 'Mid-sentence')}: error: \\begin{align} is inside a paragraph`,
      `posts/unsupported.md:${lineOf(unsupported, '\\cssId')}: error: KaTeX parse error: Undefined control sequence: \\cssId`,
      `posts/unsupported.md:${lineOf(unsupported, '\\dv')}: error: KaTeX parse error: Undefined control sequence: \\dv`,
      `posts/unsupported.md:${lineOf(unsupported, '\\begin{subequations}')}: error: KaTeX parse error: No such environment: subequations`,
      `posts/unsupported.md:${lineOf(unsupported, '\\begin{xalignat}')}: error: KaTeX parse error: No such environment: xalignat`,
    ];
    for (const line of expected) expect(broken.result.stderr).toContain(line);
    expect(broken.result.stderr).toContain('11 error(s), 1 warning(s)');
  });

  test('lemma check passes the ported posts: every #eq: fragment resolves', () => {
    expect(JSON.parse(ported.check.stdout)).toMatchObject({ errors: 0, warnings: 0 });
    expect(ported.check.code).toBe(0);
  });

  test('lemma check reports every math problem of the broken posts with file and line', () => {
    expect(broken.check.code).toBe(1);
    const problems = (JSON.parse(broken.check.stdout) as { problems: { file: string; line: number; kind: string; severity: string; message: string }[] }).problems;
    const math = problems.filter((p) => p.kind === 'math' && p.severity === 'error').map((p) => `${p.file}:${p.line}`);
    const edge = fixtureText('edge-cases.md');
    const unsupported = fixtureText('unsupported.md');
    expect(math).toEqual(expect.arrayContaining([
      `posts/edge-cases.md:${lineOf(edge, '\\label{eq:dup}', 2)}`,
      `posts/edge-cases.md:${lineOf(edge, '\\eqref{eq:missing}')}`,
      `posts/unsupported.md:${lineOf(unsupported, '\\begin{subequations}')}`,
    ]));
    expect(math).toHaveLength(11);
  });

  // The same built site, read in headless Chromium.
  describe('in the browser', () => {
    let server: StaticServer;
    let browser: Browser;
    let page: Page;
    let problems: PageProblems;

    beforeAll(async () => {
      server = await startStaticServer(path.join(ported.dir, '_site'));
      browser = await launchChromium();
      const context = await newContext(browser, DESKTOP);
      page = await context.newPage();
      problems = watchProblems(page);
      await page.goto(`${server.url}posts/ported-post/`);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** Vertical centre of an element, in page pixels. */
    const middle = (selector: string) =>
      page.locator(selector).first().evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top + window.scrollY + box.height / 2;
      });

    test('each number is drawn on the line it belongs to', async () => {
      // The align: lines 1 and 3 are numbered (2) and (3); the \nonumber line between has none.
      const rows = page.locator('.katex-display:has([id="eq:elbo-split"]) .mtable .col-align-r .vlist-r:first-child > .vlist > span > span:last-child');
      expect(await rows.count()).toBe(3);
      const rowMiddles = await rows.evaluateAll((els) => els.map((el) => {
        const box = el.getBoundingClientRect();
        return box.top + window.scrollY + box.height / 2;
      }));
      const split = await middle('[id="eq:elbo-split"]');
      const bound = await middle('[id="eq:elbo-bound"]');
      const nearestRow = (y: number) => rowMiddles.reduce((best, row, i) => (Math.abs(row - y) < Math.abs(rowMiddles[best] - y) ? i : best), 0);
      expect([nearestRow(split), nearestRow(bound)]).toEqual([0, 2]);
      // Closer to its own line than to half the way to the next one.
      expect(Math.abs(split - rowMiddles[0])).toBeLessThan((rowMiddles[1] - rowMiddles[0]) / 2);
      expect(await page.locator('[id="eq:elbo-split"]').innerText()).toBe('(2)');
      expect(await page.locator('[id="eq:elbo-bound"]').innerText()).toBe('(3)');
    });

    test('following an \\eqref link brings its numbered line into view and marks it', async () => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('a.eqref[href="#eq:long"]').click();
      await page.waitForFunction(() => location.hash === '#eq:long');
      const target = page.locator('[id="eq:long"]');
      const box = await target.boundingBox();
      const viewport = page.viewportSize()!;
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
      expect(await target.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    });

    test('the page loads without console errors or failed requests', () => {
      expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    });
  });
});
