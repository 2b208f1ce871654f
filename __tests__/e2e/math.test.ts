import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, fontsReady, newContext, useBrowser } from './support/browser.js';
import { katexFontsInUse, renderedFonts } from './support/katex-fonts.js';
import { PAGES } from './support/pages.js';

const session = useBrowser();

/** Every post the blog has, found in the built site. */
const posts = (): string[] => readdirSync(path.join(session.site.siteDir, 'posts'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `posts/${d.name}/`);

async function openAllDetails(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await fontsReady(page);
}

describe('math is typeset with the KaTeX fonts', () => {
  let page: Page;
  const fontRequests: string[] = [];

  beforeAll(async () => {
    page = await session.desktop.newPage();
    page.on('requestfinished', (request) => {
      if (request.resourceType() === 'font') fontRequests.push(request.url());
    });
    await page.goto(session.site.url(PAGES.mathPost), { waitUntil: 'networkidle' });
    await fontsReady(page);
  });
  afterAll(() => page.close());

  test('document.fonts holds loaded KaTeX faces, and the equations are drawn with them', async () => {
    const loaded = await page.evaluate(() =>
      Array.from(document.fonts).filter((f) => f.status === 'loaded').map((f) => f.family.replace(/["']/g, '')),
    );
    expect(loaded).toEqual(expect.arrayContaining(['KaTeX_Main', 'KaTeX_Math']));
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
    // Chromium's own account of the glyphs it drew: KaTeX's faces, not a fallback.
    expect(await renderedFonts(page, '.katex-html .mathnormal')).toEqual(['KaTeX_Math']);
    expect(await renderedFonts(page, '.katex-display .mrel')).toEqual(['KaTeX_Main']);
  });

  test('only the font files its math uses are fetched, each once', async () => {
    await openAllDetails(page);
    await page.waitForLoadState('networkidle');
    const fetched = fontRequests.map((url) => url.split('/').pop()!);
    const needed = await katexFontsInUse(page);
    expect(needed.length).toBeGreaterThan(1);
    expect([...fetched].sort()).toEqual(needed);
    const shipped = readdirSync(path.join(session.site.siteDir, 'assets/katex/fonts')).filter((f) => f.endsWith('.woff2'));
    expect(fetched.length).toBeLessThan(shipped.length);
  });
});

describe('page weight of the hello-world post', () => {
  /** The budget for what a reader downloads before any font: HTML + CSS, compressed, headers included. */
  const BUDGET_BYTES = 60 * 1024;

  test('HTML + CSS transferred compressed stay within 60 KB', async () => {
    // A fresh context: nothing may come from the cache of an earlier visit.
    const context = await newContext(session.browser, DESKTOP);
    const page = await context.newPage();
    const responses: Promise<{ type: string; url: string; bytes: number; encoding?: string }>[] = [];
    page.on('requestfinished', (request) => {
      responses.push(
        request.sizes().then(async (sizes) => ({
          type: request.resourceType(),
          url: request.url(),
          bytes: sizes.responseBodySize + sizes.responseHeadersSize,
          encoding: (await request.response())?.headers()['content-encoding'],
        })),
      );
    });
    await page.goto(session.site.url(PAGES.mathPost), { waitUntil: 'networkidle' });
    const all = await Promise.all(responses);
    const htmlAndCss = all.filter((r) => r.type === 'document' || r.type === 'stylesheet');
    expect(htmlAndCss.map((r) => r.type).sort()).toEqual(['document', 'stylesheet', 'stylesheet']);
    for (const r of htmlAndCss) expect({ url: r.url, encoding: r.encoding }).toEqual({ url: r.url, encoding: expect.stringMatching(/gzip|br/) });
    for (const r of htmlAndCss) expect({ url: r.url, fromNetwork: r.bytes > 200 }).toEqual({ url: r.url, fromNetwork: true });
    const total = htmlAndCss.reduce((sum, r) => sum + r.bytes, 0);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
    await context.close();
  });
});

describe('on a 375 px phone, no equation overflows the page', () => {
  test.each([PAGES.mathPost, PAGES.widePost])('%s: wide display math scrolls inside its own box', async (pagePath) => {
    const page = await session.phone.newPage();
    await page.goto(session.site.url(pagePath), { waitUntil: 'networkidle' });
    await openAllDetails(page);
    const layout = await page.evaluate(() => {
      const scroller = (el: Element) => {
        for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
          if (/(auto|scroll)/.test(getComputedStyle(box).overflowX)) return box;
        }
        return null;
      };
      const equations = Array.from(document.querySelectorAll('.katex')).filter((el) => !el.parentElement?.closest('.katex'));
      return {
        viewport: window.innerWidth,
        pageWidth: document.documentElement.scrollWidth,
        equations: equations.map((el) => {
          const box = scroller(el);
          const visible = (box ?? el).getBoundingClientRect();
          return {
            tex: el.querySelector('annotation')?.textContent?.slice(0, 40),
            left: visible.left,
            right: visible.right,
            display: el.parentElement?.classList.contains('katex-display') ?? false,
            scrolls: box ? box.scrollWidth > box.clientWidth : false,
          };
        }),
      };
    });
    expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewport);
    expect(layout.equations.length).toBeGreaterThan(0);
    for (const eq of layout.equations) {
      expect({ tex: eq.tex, inView: eq.left >= -0.5 && eq.right <= layout.viewport + 0.5 }).toEqual({ tex: eq.tex, inView: true });
    }
    if (pagePath === PAGES.widePost) {
      // The fixture's equations are far wider than 375 px: they must be the ones that scroll.
      expect(layout.equations.filter((eq) => eq.display).every((eq) => eq.scrolls)).toBe(true);
      const box = page.locator('.katex-display').first().locator('xpath=..');
      await box.evaluate((el) => el.scrollBy(400, 0));
      expect(await box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    }
    await page.close();
  });

  test('every post of the blog fits', async () => {
    const page = await session.phone.newPage();
    for (const post of posts()) {
      await page.goto(session.site.url(post), { waitUntil: 'load' });
      await openAllDetails(page);
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect({ post, fits: widths.page <= widths.viewport }).toEqual({ post, fits: true });
    }
    await page.close();
  });
});
