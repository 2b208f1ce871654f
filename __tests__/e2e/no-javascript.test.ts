import type { BrowserContext, Page } from 'playwright-core';
import { DESKTOP, fontsReady, newContext, useBrowser } from './support/browser.js';
import { shownTheme } from './support/colors.js';
import { PAGES } from './support/pages.js';

const session = useBrowser();

let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  context = await newContext(session.browser, { ...DESKTOP, javaScriptEnabled: false });
  page = await context.newPage();
  await page.goto(session.site.url(PAGES.mathPost), { waitUntil: 'load' });
  await fontsReady(page);
});

describe('with JavaScript turned off, a post is whole', () => {
  test('no script ran: the enhancements are absent, not broken', async () => {
    expect(await page.locator('button.copy-code').count()).toBe(0);
    expect(await page.locator('button.theme-toggle').isVisible()).toBe(false);
  });

  test('the text and the math are there and typeset', async () => {
    const article = page.locator('article');
    expect(await article.locator('h1').innerText()).toBe('Hello, world: a first post with math');
    expect(await article.innerText()).toContain("Euler's formula relates the exponential function");
    const math = page.locator('.katex-display .katex-html').first();
    expect(await math.isVisible()).toBe(true);
    expect((await math.boundingBox())!.height).toBeGreaterThan(15);
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Math'))).toBe(true);
  });

  test('the table of contents works', async () => {
    const hrefs = await page.locator('nav.toc a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThanOrEqual(3);
    const last = hrefs[hrefs.length - 1];
    await page.locator(`nav.toc a[href="${last}"]`).click();
    await page.waitForFunction((id) => {
      const top = document.getElementById(id)!.getBoundingClientRect().top;
      return top >= -1 && top < window.innerHeight;
    }, last.slice(1));
  });

  test('a folded proof opens and shows its math', async () => {
    const details = page.locator('details.details').first();
    await details.locator('summary').click();
    expect(await details.locator('.katex-display').isVisible()).toBe(true);
  });

  test('a dark system setting still gives the dark theme', async () => {
    const dark = await newContext(session.browser, { ...DESKTOP, javaScriptEnabled: false, colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    await darkPage.goto(session.site.url(PAGES.mathPost));
    expect(await shownTheme(darkPage)).toBe('dark');
    await dark.close();
  });

  test('the search page says what to use instead', async () => {
    const search = await context.newPage();
    await search.goto(session.site.url(PAGES.search));
    const archive = search.locator('main a[href$="/archive/"]');
    expect(await archive.isVisible()).toBe(true);
    await search.close();
  });
});
