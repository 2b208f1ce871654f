import type { BrowserContext } from 'playwright-core';
import { DESKTOP, newContext, watchProblems, useBrowser } from './support/browser.js';
import { PAGES, type PageKind } from './support/pages.js';

const session = useBrowser();

let context: BrowserContext;

beforeAll(async () => {
  context = await newContext(session.browser, DESKTOP);
});

describe('every kind of page loads cleanly in Chromium', () => {
  const kinds = Object.keys(PAGES).filter((kind) => kind !== 'notFound') as PageKind[];

  test.each(kinds)('%s: HTTP 200, no console errors, no failed requests', async (kind) => {
    const page = await context.newPage();
    const problems = watchProblems(page);
    const response = await page.goto(session.site.url(PAGES[kind]), { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    expect(await page.locator('main h1, main h2').count()).toBeGreaterThan(0);
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await page.close();
  });

  test('an unknown address gets the 404 page, status 404, and nothing else fails', async () => {
    const page = await context.newPage();
    const problems = watchProblems(page);
    const url = session.site.url(PAGES.notFound);
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    // The document's own 404 is the point of this page; Chromium reports it in the console too.
    expect(problems.failedRequests).toEqual([`${url}: HTTP 404`]);
    expect(problems.consoleErrors.filter((e) => !e.includes('status of 404') || !e.includes(url))).toEqual([]);
    // Its links still lead home, below the path prefix.
    await page.click('main a[href]');
    await page.waitForURL(session.site.url());
    await page.close();
  });
});

describe('what the browser is sent', () => {
  test('HTML, CSS and JS arrive compressed, with the Pages cache header', async () => {
    const page = await context.newPage();
    const responses: { url: string; type: string; encoding?: string; cache?: string }[] = [];
    page.on('response', (r) => {
      const headers = r.headers();
      responses.push({ url: r.url(), type: r.request().resourceType(), encoding: headers['content-encoding'], cache: headers['cache-control'] });
    });
    await page.goto(session.site.url(PAGES.mathPost), { waitUntil: 'networkidle' });
    const text = responses.filter((r) => ['document', 'stylesheet', 'script'].includes(r.type));
    expect(text.map((r) => r.type)).toEqual(expect.arrayContaining(['document', 'stylesheet']));
    for (const r of text) expect(r).toMatchObject({ encoding: expect.stringMatching(/gzip|br/), cache: expect.stringContaining('max-age=600') });
    await page.close();
  });

  test('every page names an icon that exists, so browsers never ask for a missing /favicon.ico', async () => {
    const page = await context.newPage();
    for (const kind of ['home', 'mathPost', 'notFound'] as const) {
      await page.goto(session.site.url(PAGES[kind]));
      const href = await page.locator('head link[rel~="icon"]').getAttribute('href');
      expect(href).toBeTruthy();
      const icon = await page.request.get(new URL(href!, page.url()).href);
      expect(icon.status()).toBe(200);
      expect(icon.headers()['content-type']).toMatch(/^image\//);
    }
    await page.close();
  });
});
