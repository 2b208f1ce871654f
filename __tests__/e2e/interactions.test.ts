import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO } from '../helpers/project.js';
import { DESKTOP, PHONE, newContext, watchProblems, useBrowser } from './support/browser.js';
import { shownTheme } from './support/colors.js';
import { PAGES } from './support/pages.js';

const session = useBrowser();

describe('the theme toggle', () => {
  let context: BrowserContext;
  let page: Page;
  const toggle = () => page.locator('button.theme-toggle');
  const state = () =>
    page.evaluate(() => ({
      theme: document.documentElement.dataset.theme ?? null,
      pressed: document.querySelector('.theme-toggle')?.getAttribute('aria-pressed'),
      stored: localStorage.getItem('lemma-theme'),
    }));

  beforeAll(async () => {
    context = await newContext(session.browser, { ...DESKTOP, colorScheme: 'light' });
    page = await context.newPage();
  });
  afterAll(() => context.close());

  test('starts from the system setting, then switches to dark and says so', async () => {
    await page.goto(session.site.url(PAGES.mathPost));
    expect(await state()).toEqual({ theme: null, pressed: 'false', stored: null });
    expect(await shownTheme(page)).toBe('light');
    await toggle().click();
    expect(await state()).toEqual({ theme: 'dark', pressed: 'true', stored: 'dark' });
    expect(await shownTheme(page)).toBe('dark');
  });

  test('the choice survives a reload and carries to other pages', async () => {
    await page.reload();
    expect(await state()).toEqual({ theme: 'dark', pressed: 'true', stored: 'dark' });
    expect(await shownTheme(page)).toBe('dark');
    await page.goto(session.site.url(PAGES.home));
    expect(await shownTheme(page)).toBe('dark');
  });

  test('the saved theme is applied by the inline head script, before any other script runs', async () => {
    await context.route('**/*.js', (route) => route.abort());
    await page.goto(session.site.url(PAGES.mathPost));
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await shownTheme(page)).toBe('dark');
    await context.unroute('**/*.js');
  });

  test('switching back to light overrides a dark system setting, and persists', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(session.site.url(PAGES.mathPost));
    await toggle().click();
    expect(await state()).toEqual({ theme: 'light', pressed: 'false', stored: 'light' });
    await page.reload();
    expect(await shownTheme(page)).toBe('light');
  });

  test('with no saved choice, a dark system setting shows the dark theme', async () => {
    const fresh = await newContext(session.browser, { ...DESKTOP, colorScheme: 'dark' });
    const darkPage = await fresh.newPage();
    await darkPage.goto(session.site.url(PAGES.mathPost));
    expect(await shownTheme(darkPage)).toBe('dark');
    expect(await darkPage.locator('button.theme-toggle').getAttribute('aria-pressed')).toBe('true');
    await fresh.close();
  });
});

describe('the copy button', () => {
  test('copies the code block exactly as written in the post', async () => {
    const context = await newContext(session.browser, DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.site.origin });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(session.site.url(PAGES.mathPost));
    expect(await page.locator('button.copy-code').count()).toBe(await page.locator('pre[class*="language-"]').count());

    const source = readFileSync(path.join(REPO, '__tests__/fixtures/sample/posts/hello-world.md'), 'utf8');
    const python = /```python\n([\s\S]*?)\n```/.exec(source)![1];
    const button = page.locator('pre.language-python').locator('xpath=..').locator('button.copy-code');
    await button.click();
    await page.waitForFunction(() => document.querySelector('button.copy-code')?.textContent === 'Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(python);
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await context.close();
  });
});

describe('search', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(session.browser, PHONE);
  });
  afterAll(() => context.close());

  test.each([
    ['temperature', 'posts/softmax-temperature/'],
    ['infinitely many primes', 'posts/hello-world/'],
    ['posterior', 'posts/bayes-in-one-line/'],
  ])('"%s" finds %s, and the result opens it', async (query, expected) => {
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(session.site.url(PAGES.search));
    const input = page.locator('main input:not([type="hidden"])').first();
    await input.fill(query);
    const result = page.locator(`main a[href="${new URL(session.site.url(expected)).pathname}"]`).first();
    await result.waitFor();
    await result.click();
    await page.waitForURL(session.site.url(expected));
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await page.close();
  });
});
