import type { Page } from 'playwright-core';

/** Relative luminance (WCAG) of a computed CSS color such as `rgb(21, 22, 26)`. */
export function luminance(cssColor: string): number {
  const [r, g, b] = (cssColor.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Which theme the reader sees: judged by the page's painted background, not by attributes. */
export async function shownTheme(page: Page): Promise<'light' | 'dark'> {
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  return luminance(background) > 0.5 ? 'light' : 'dark';
}
