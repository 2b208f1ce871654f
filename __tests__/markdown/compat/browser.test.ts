import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeProject, runCli } from '../../helpers/project.js';
import { DESKTOP, launchChromium, newContext, watchProblems, type PageProblems } from '../../e2e/support/browser.js';
import { startStaticServer, type StaticServer } from '../../e2e/support/server.js';
import { fixtureText } from './fixtures.js';

/** The ported MathJax post, built for real and read in headless Chromium. */
describe('a ported post in the browser', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    const dir = makeProject({ 'ported-post.md': fixtureText('ported-post.md') });
    const built = await runCli(['build'], dir);
    if (built.code !== 0) throw new Error(`build failed:\n${built.stderr}`);
    server = await startStaticServer(path.join(dir, '_site'));
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
