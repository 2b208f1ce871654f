import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../e2e/support/chromium.js';
import { startStaticServer, type StaticServer } from '../e2e/support/server.js';
import { buildBlog, makeBlogProject } from './blog-project.js';

// The fixture blog, built for a pull-request preview folder and served there, as Pages would.
const PREFIX = '/repo/pr-preview/pr-7/';
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const { out } = await buildBlog(makeBlogProject(), 'out', ['--path-prefix', PREFIX], { LEMMA_BUILD_DATE: '2026-06-01' });
  server = await startStaticServer(out, { pathPrefix: PREFIX });
  browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('printing opens every collapsed proof and leaves out navigation and buttons; afterwards they close again', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}posts/alpha/`);
  await page.waitForSelector('button.copy-code');
  expect(await page.locator('details:not([open])').count()).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  expect(await page.locator('details:not([open])').count()).toBe(0);
  const hidden = await page.evaluate(() =>
    ['.site-header nav', '.theme-toggle', '.copy-code', '.site-footer'].map((s) => getComputedStyle(document.querySelector(s)!).display),
  );
  expect(hidden).toEqual(['none', 'none', 'none', 'none']);
  expect(await page.locator('details .katex').isVisible()).toBe(true);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  expect(await page.locator('details:not([open])').count()).toBe(1);
  await page.close();
});

test('search finds a post and its result link works under the path prefix', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}search/?q=learning`);
  const result = page.locator('.pagefind-ui__result-link').first();
  await result.waitFor();
  expect(await result.getAttribute('href')).toBe(`${PREFIX}posts/gamma/`);
  await result.click();
  await page.waitForURL(`${server.url}posts/gamma/`);
  expect(await page.locator('article h1').textContent()).toBe('Gamma');
  await page.close();
});

test('images beside a post load, and a link to another post lands on its section', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}posts/alpha/`);
  const width = await page.locator('main img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
  expect(width).toBeGreaterThan(0);
  await page.click('text=the next post');
  await page.waitForURL(`${server.url}posts/beta/#the-section`);
  expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('the-section');
  await page.close();
});
