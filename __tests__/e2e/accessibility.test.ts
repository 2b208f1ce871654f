import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { DESKTOP, PHONE, fontsReady, newContext, useBrowser } from './support/browser.js';
import { PAGES, type PageKind } from './support/pages.js';

const session = useBrowser();

/** axe's findings as short lines, so a failure reads as a to-do list. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`));
}

async function open(context: BrowserContext, kind: PageKind): Promise<Page> {
  const page = await context.newPage();
  await page.goto(session.site.url(PAGES[kind]), { waitUntil: 'networkidle' });
  // Unfold proofs so their contents are checked too.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await fontsReady(page);
  return page;
}

describe('axe finds nothing', () => {
  let light: BrowserContext;
  let dark: BrowserContext;
  beforeAll(async () => {
    light = await newContext(session.browser, { ...DESKTOP, colorScheme: 'light' });
    dark = await newContext(session.browser, { ...DESKTOP, colorScheme: 'dark' });
  });

  test.each(Object.keys(PAGES) as PageKind[])('%s page', async (kind) => {
    const page = await open(light, kind);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  // Colours are what changes with the theme: the pages holding every component (code,
  // callouts, TOC, tags, proofs, pager, post list) are checked again in dark.
  test.each(['mathPost', 'home'] as PageKind[])('%s page, dark theme', async (kind) => {
    const page = await open(dark, kind);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  test('math post on a phone', async () => {
    const phone = await newContext(session.browser, PHONE);
    const page = await open(phone, 'mathPost');
    expect(await axeViolations(page)).toEqual([]);
    await phone.close();
  });

  test('search with results shown', async () => {
    const page = await open(light, 'search');
    await page.locator('main input:not([type="hidden"])').first().fill('softmax');
    await page.locator('main a[href*="/posts/"]').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('screen readers get the math', () => {
  test('every equation is one math node in the accessibility tree, and its visual copy is hidden', async () => {
    const context = await newContext(session.browser, DESKTOP);
    const page = await open(context, 'mathPost');
    const equations = await page.locator('.katex').count();
    const hiddenCopies = await page.locator('.katex > .katex-html[aria-hidden="true"]').count();
    expect(hiddenCopies).toBe(equations);

    // The tree a screen reader reads: one `math` node per equation, read from KaTeX's MathML.
    const tree = await page.locator('main').ariaSnapshot();
    const math = tree.split('\n').filter((line) => /^\s*- math\b/.test(line)).map((line) => line.replace(/^\s*- math:?\s*/, ''));
    expect(math).toHaveLength(equations);
    expect(math).toContain('e i π + 1 = 0');
    expect(math).toContain('∑ k = 1 n k = n ( n + 1 ) 2');
    await context.close();
  });
});
