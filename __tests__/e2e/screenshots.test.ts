import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/project.js';
import { DESKTOP, PHONE, fontsReady, newContext, useBrowser } from './support/browser.js';
import { luminance } from './support/colors.js';
import { PAGES } from './support/pages.js';

const session = useBrowser();

/** Kept by CI as an artifact, for a person to look at. */
const SCREENSHOTS = path.join(REPO, 'test-results/screenshots');

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

describe('screenshots of the math post', () => {
  test.each([
    ['light', 'desktop'],
    ['dark', 'desktop'],
    ['light', 'phone'],
    ['dark', 'phone'],
  ] as const)('%s theme, %s', async (theme, device) => {
    const context = await newContext(session.browser, { ...(device === 'phone' ? PHONE : DESKTOP), colorScheme: theme });
    const page = await context.newPage();
    await page.goto(session.site.url(PAGES.mathPost), { waitUntil: 'networkidle' });
    // Unfold the proof so the picture shows everything the post holds.
    await page.locator('details.details summary').first().click();
    await fontsReady(page);

    // Text and math take the theme's colours, legibly.
    const colors = await page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.querySelector('.post-content p')!).color,
      math: getComputedStyle(document.querySelector('.katex-display .katex')!).color,
    }));
    const [bg, text, math] = [colors.background, colors.text, colors.math].map(luminance);
    expect(theme === 'dark' ? bg < 0.05 : bg > 0.8).toBe(true);
    const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    expect(contrast(text, bg)).toBeGreaterThan(7);
    expect(contrast(math, bg)).toBeGreaterThan(7);

    const file = path.join(SCREENSHOTS, `math-post-${theme}-${device}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    await context.close();
  });
});

test('screenshot of wide equations on a phone: each scrolls inside its own box', async () => {
  const context = await newContext(session.browser, PHONE);
  const page = await context.newPage();
  await page.goto(session.site.url(PAGES.widePost), { waitUntil: 'networkidle' });
  await fontsReady(page);
  const file = path.join(SCREENSHOTS, 'wide-equations-phone.png');
  await page.screenshot({ path: file, fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBe(PHONE.viewport!.width);
  await context.close();
});
