import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser.js';
import { PAGES } from './support/pages.js';

const session = useBrowser();

/** The in-page links a reader follows: TOC entries and heading anchors (`#…`). */
async function fragmentLinks(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
}

/**
 * Click the link, then wait until its target is on screen and is what a reader sees at
 * that spot (nothing, such as a sticky header, drawn over it).
 */
async function followAndExpectInView(page: Page, href: string, selector: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator(`${selector}[href="${href}"]`).first().click();
  await page.waitForFunction((hash) => decodeURIComponent(location.hash) === decodeURIComponent(hash), href);
  const id = decodeURIComponent(href.slice(1));
  await page.waitForFunction((targetId) => {
    const target = document.getElementById(targetId)!;
    const box = target.getBoundingClientRect();
    if (box.top < -1 || box.top >= window.innerHeight || box.bottom <= 0) return false;
    const shown = document.elementFromPoint(box.left + Math.min(8, box.width / 2), box.top + Math.min(8, box.height / 2));
    return !!shown && (target.contains(shown) || shown.contains(target));
  }, id);
}

describe.each([
  ['desktop', () => session.desktop],
  ['phone', () => session.phone],
])('on %s, in-page links scroll their target into view', (_name, context) => {
  let page: Page;
  beforeAll(async () => {
    page = await context().newPage();
    await page.goto(session.site.url(PAGES.mathPost), { waitUntil: 'load' });
  });
  afterAll(() => page.close());

  test('every TOC entry', async () => {
    const links = await fragmentLinks(page, 'nav.toc a');
    expect(links.length).toBeGreaterThanOrEqual(3);
    // On a phone the table of contents is folded until the reader opens it.
    if (!(await page.locator('nav.toc details').evaluate((d: HTMLDetailsElement) => d.open))) await page.locator('nav.toc summary').click();
    for (const href of links) await followAndExpectInView(page, href, 'nav.toc a');
  });

  test('every heading anchor', async () => {
    const links = await fragmentLinks(page, '.heading-anchor');
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const href of links) await followAndExpectInView(page, href, '.heading-anchor');
  });

  test('footnote references and their way back', async () => {
    const links = await fragmentLinks(page, 'main a[href^="#fn"]');
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const href of links) await followAndExpectInView(page, href, 'main a');
  });

  test('a link from another page lands on the heading', async () => {
    const [href] = await fragmentLinks(page, 'nav.toc a');
    await page.goto(session.site.url(PAGES.home));
    await page.goto(session.site.url(PAGES.mathPost) + href, { waitUntil: 'load' });
    const top = await page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, href.slice(1));
    expect(top).toBeGreaterThanOrEqual(-1);
    expect(top).toBeLessThan(page.viewportSize()!.height / 2);
  });
});

describe('a folded proof', () => {
  test('opens and closes from its summary, math and all', async () => {
    const page = await session.desktop.newPage();
    await page.goto(session.site.url(PAGES.mathPost));
    const details = page.locator('details.details').first();
    const proofMath = details.locator('.katex-display');
    expect(await details.evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    expect(await proofMath.isVisible()).toBe(false);

    await details.locator('summary').click();
    expect(await details.evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
    expect(await proofMath.isVisible()).toBe(true);
    expect((await proofMath.boundingBox())!.height).toBeGreaterThan(10);

    await details.locator('summary').press('Enter');
    expect(await details.evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    expect(await proofMath.isVisible()).toBe(false);
    await page.close();
  });
});
