import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO } from '../helpers/project.js';
import { fontsReady, newContext, useBrowser } from './support/browser.js';
import { measure, type Geometry } from './support/geometry.js';
import { luminance } from './support/colors.js';
import { PAGES } from './support/pages.js';

const session = useBrowser();

/** Kept by CI as artifacts (test-results/ is not committed), for a person to look at. */
const SCREENSHOTS = path.join(REPO, 'test-results/layout');
beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

const SCREENS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
] as const;
const THEMES = ['light', 'dark'] as const;
const POSTS = [
  ['layout fixture', PAGES.layoutPost],
  ['math post', PAGES.mathPost],
  ['image post', PAGES.imagePost],
  ['wide equations', PAGES.widePost],
] as const;

/** Open a post as a reader would see all of it: proofs unfolded, fonts loaded. */
async function openPost(page: Page, pagePath: string): Promise<void> {
  await page.goto(session.site.url(pagePath), { waitUntil: 'networkidle' });
  await page.evaluate(() => document.querySelectorAll('details.details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await fontsReady(page);
  // Lazy images below the first screen load as the reader scrolls: load them all.
  await page.evaluate(() => document.querySelectorAll('img[loading="lazy"]').forEach((img) => ((img as HTMLImageElement).loading = 'eager')));
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
}

describe.each(SCREENS.flatMap((screen) => THEMES.map((theme) => [`${screen.viewport.width} px, ${theme}`, screen, theme] as const)))('at %s', (_label, screen, theme) => {
  const { name, ...options } = screen;
  describe.each(POSTS)('the %s', (postName, pagePath) => {
    let page: Page;
    let geometry: Geometry;
    beforeAll(async () => {
      const context = await newContext(session.browser, { ...options, colorScheme: theme });
      page = await context.newPage();
      await openPost(page, pagePath);
      geometry = await measure(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${postName.replace(/ /g, '-')}-${screen.viewport.width}-${theme}.png`), fullPage: true });
    });
    afterAll(() => page.context().close());

    test('nothing scrolls the page sideways or overflows by a few pixels', () => {
      expect(geometry.pageWidth).toBe(geometry.viewportWidth);
      expect(geometry.nearMisses).toEqual([]);
    });

    test('no equation number is drawn over its equation, and equations that scroll show it', () => {
      expect(geometry.numbersOverEquations).toEqual([]);
      expect(geometry.equations.filter((e) => e.scrolls && !e.fade)).toEqual([]);
    });

    test('copy buttons are clear of the first line of code; anchors follow the last word of their heading', () => {
      expect(geometry.buttonsOverCode).toEqual([]);
      expect(geometry.misplacedAnchors).toEqual([]);
    });

    test('every image has a width and a height', () => {
      expect(geometry.imagesWithoutSize).toEqual([]);
    });

    if (pagePath === PAGES.layoutPost) {
      test('the fixture has what the checks above are about', () => {
        expect(geometry.numbers).toBeGreaterThanOrEqual(3);
        // The fixture's wide code block, and the post's "Cite this post" BibTeX entry.
        expect(geometry.copyButtons).toBe(2);
        expect(geometry.images).toBe(2);
        expect(geometry.headingLines).toBeGreaterThan(1);
        expect(geometry.equations.some((e) => e.scrolls)).toBe(true);
      });

      test(name === 'desktop' ? 'the table of contents sits beside the text and stays in view' : 'the table of contents is folded above the post', async () => {
        const toc = page.locator('nav.toc');
        const content = page.locator('.post-content');
        const [tocBox, contentBox] = [(await toc.boundingBox())!, (await content.boundingBox())!];
        if (name === 'desktop') {
          expect(tocBox.x).toBeGreaterThanOrEqual(contentBox.x + contentBox.width);
          expect(tocBox.x + tocBox.width).toBeLessThanOrEqual(screen.viewport.width);
          await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
          await page.waitForFunction(() => document.querySelector('nav.toc a[aria-current]') !== null);
          const top = await toc.evaluate((el) => el.getBoundingClientRect().top);
          expect(top).toBeGreaterThanOrEqual(0);
          expect(top).toBeLessThan(100);
          // The entry marked is the section being read, not the first.
          expect(await page.locator('nav.toc a[aria-current]').getAttribute('href')).not.toBe(await page.locator('nav.toc a').first().getAttribute('href'));
        } else {
          expect(await toc.locator('details').evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
          expect(tocBox.y + tocBox.height).toBeLessThanOrEqual(contentBox.y);
          expect(tocBox.height).toBeLessThan(60);
        }
      });
    }
  });
});

describe.each(SCREENS.flatMap((screen) => THEMES.map((theme) => [`${screen.viewport.width} px, ${theme}`, screen, theme] as const)))('search results at %s', (_label, screen, theme) => {
  test('use the site’s font and sizes, and their excerpts are readable', async () => {
    const { name: _name, ...options } = screen;
    const context = await newContext(session.browser, { ...options, colorScheme: theme });
    const page = await context.newPage();
    await page.goto(session.site.url(PAGES.search));
    await page.locator('main input:not([type="hidden"])').first().fill('softmax');
    await page.locator('.pagefind-ui__result-excerpt').first().waitFor();
    await fontsReady(page);
    const styles = await page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        body: { font: style('body').fontFamily, size: parseFloat(style('body').fontSize), background: style('body').backgroundColor, text: style('body').color },
        title: { font: style('.pagefind-ui__result-title').fontFamily, size: parseFloat(style('.pagefind-ui__result-title').fontSize) },
        excerpt: { font: style('.pagefind-ui__result-excerpt').fontFamily, size: parseFloat(style('.pagefind-ui__result-excerpt').fontSize), color: style('.pagefind-ui__result-excerpt').color },
        input: { font: style('.pagefind-ui__search-input').fontFamily, background: style('.pagefind-ui__search-input').backgroundColor },
        width: document.documentElement.scrollWidth,
      };
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, `search-${screen.viewport.width}-${theme}.png`), fullPage: true });
    await context.close();

    expect([styles.title.font, styles.excerpt.font, styles.input.font]).toEqual([styles.body.font, styles.body.font, styles.body.font]);
    // Excerpts as large as body text (to the pixel), titles larger.
    expect(Math.abs(styles.excerpt.size - styles.body.size)).toBeLessThanOrEqual(1);
    expect(styles.title.size).toBeGreaterThan(styles.body.size);
    const contrast = (a: string, b: string) => {
      const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
      return (x + 0.05) / (y + 0.05);
    };
    expect(contrast(styles.excerpt.color, styles.body.background)).toBeGreaterThan(4.5);
    // The field takes the page's theme, not a white box on a dark page.
    expect(luminance(styles.input.background) > 0.5).toBe(theme === 'light');
    expect(styles.width).toBe(screen.viewport.width);
  });
});
