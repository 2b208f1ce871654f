import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from './chromium.js';
import { e2eSite, type E2eSite } from './site.js';

/**
 * Headless Debian Chromium. Each launch gets a fresh, throwaway profile (user-data dir),
 * so no test sees another's storage, cache or permissions.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_ARGS });
}

/** A context that gives up on a missing element after 10 s, not Playwright's 30 s. */
export async function newContext(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(10_000);
  return context;
}

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
/** A small phone, the narrowest screen the blog promises to fit. */
export const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** What went wrong while a page loaded: anything here is a bug a reader would meet. */
export interface PageProblems {
  consoleErrors: string[];
  failedRequests: string[];
}

/** Record console errors, uncaught exceptions, failed requests and HTTP errors on a page. */
export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  });
  return problems;
}

/** Resolves once every web font the page asked for has loaded (or failed). */
export async function fontsReady(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** What a browser test file works with: the served blog, one Chromium, a desktop and a phone context. */
export interface BrowserSession {
  site: E2eSite;
  browser: Browser;
  desktop: BrowserContext;
  phone: BrowserContext;
}

/**
 * Register the file's `beforeAll`/`afterAll`: open the session before the first test and
 * close the browser (and so its contexts) after the last. Fields are set once it opens.
 */
export function useBrowser(): BrowserSession {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    session.site = e2eSite();
    session.browser = await launchChromium();
    session.desktop = await newContext(session.browser, DESKTOP);
    session.phone = await newContext(session.browser, PHONE);
  });
  afterAll(async () => session.browser?.close());
  return session;
}
