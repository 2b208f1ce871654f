import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../e2e/support/chromium.js';
import { startStaticServer, type StaticServer } from '../e2e/support/server.js';
import { makeProject, REPO } from '../helpers/project.js';
import { buildBlog } from './blog-project.js';

// The paper fixture, built and served, in a real Chromium: the preview cards.
const FIXTURE = path.join(REPO, '__tests__/fixtures/papers');
let dir: string;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  dir = makeProject({ 'paper.md': readFileSync(path.join(FIXTURE, 'paper.md'), 'utf8') });
  for (const file of ['refs.bib', 'partial-sums.svg']) copyFileSync(path.join(FIXTURE, file), path.join(dir, 'posts', file));
  const { out } = await buildBlog(dir, 'out', [], { LEMMA_BUILD_DATE: '2026-04-01' });
  server = await startStaticServer(out);
  browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await page.goto(`${server.url}posts/paper/`, { waitUntil: 'networkidle' });
});
afterEach(() => context.close());

const card = () => page.locator('#preview-card');
const cardText = async () => ((await card().textContent()) ?? '').trim();

test('hovering a citation shows its entry; the card stays while the pointer is on it and goes after', async () => {
  const cite = page.locator('a.citation-link[href="#ref-euler1735"]');
  await cite.hover();
  await card().waitFor({ state: 'visible' });
  expect(await card().getAttribute('role')).toBe('tooltip');
  expect(await card().textContent()).toContain('De summis serierum reciprocarum');
  // Its equation is the page's own KaTeX, copied.
  expect(await card().locator('.katex').count()).toBe(1);
  expect(await cite.getAttribute('aria-describedby')).toBe('preview-card');
  await card().hover();
  await page.waitForTimeout(400);
  expect(await card().isVisible()).toBe(true);
  await page.mouse.move(5, 5);
  await card().waitFor({ state: 'hidden' });
  expect(await cite.getAttribute('aria-describedby')).toBeNull();
});

test('every kind of reference previews what it points to', async () => {
  const shown = async (selector: string) => {
    await page.locator(selector).first().hover();
    await card().waitFor({ state: 'visible' });
    const text = await cardText();
    await page.mouse.move(5, 5);
    await card().waitFor({ state: 'hidden' });
    return text;
  };
  expect(await shown('a.crossref[href="#thm-basel"]')).toMatch(/^Theorem 1 \(Basel problem\)\. The series converges/);
  expect(await shown('a.crossref[href="#fig-sums"]')).toMatch(/Figure 1: Partial sums approach/);
  expect(await shown('a.eqref')).toMatch(/ζ\(2\)/);
  expect(await shown('.footnote-ref a')).toBe('Footnotes still work.');
  expect(await shown('a.citation-link[href="#ref-vaswani2017"]')).toMatch(/Attention Is All You Need/);
  // Copies carry no ids: every id on the page stays unique.
  expect(await page.evaluate(() => document.querySelectorAll('#preview-card [id]').length)).toBe(0);
});

test('with the keyboard: Tab to a reference shows its card, Escape and Tab away hide it', async () => {
  let focused = '';
  for (let i = 0; i < 40 && !focused.startsWith('crossref'); i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => `${document.activeElement?.className} ${document.activeElement?.getAttribute('href')}`);
  }
  expect(focused).toBe('crossref #thm-basel');
  await card().waitFor({ state: 'visible' });
  expect(await cardText()).toMatch(/^Theorem 1/);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby'))).toBe('preview-card');
  // Links inside the card are no Tab stops.
  expect(await card().locator('a:not([tabindex="-1"])').count()).toBe(0);
  await page.keyboard.press('Escape');
  await card().waitFor({ state: 'hidden' });
  // Back to the citation before it: its entry.
  await page.keyboard.press('Shift+Tab');
  await card().waitFor({ state: 'visible' });
  expect(await cardText()).toMatch(/^Euler, L\. \(1740\)\. De summis/);
  // On past the theorem reference to what follows it (no reference): the card goes.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.matches('a.crossref, a.citation-link, a.eqref'))).toBe(false);
  await card().waitFor({ state: 'hidden' });
});

test('axe finds no violations, with a card open', async () => {
  await page.locator('a.citation-link').first().focus();
  await card().waitFor({ state: 'visible' });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('without JavaScript the references are plain links to their targets', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto(`${server.url}posts/paper/`);
  await plain.locator('a.citation-link[href="#ref-he2016"]').hover();
  await plain.waitForTimeout(500);
  expect(await plain.locator('#preview-card').count()).toBe(0);
  await plain.locator('a.crossref[href="#lem-bound"]').click();
  expect(await plain.evaluate(() => location.hash)).toBe('#lem-bound');
  await context.close();
});
