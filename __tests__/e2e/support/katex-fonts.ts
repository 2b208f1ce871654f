import type { Page } from 'playwright-core';

/**
 * The KaTeX font files a page needs, worked out from what it shows rather than from what
 * it loaded: for every piece of text inside an equation, the face its computed family,
 * style and weight select among the `@font-face` rules of the page's stylesheets
 * (the CSS font-matching rules, reduced to what KaTeX declares). File names, e.g.
 * `KaTeX_Math-Italic.woff2`.
 */
export function katexFontsInUse(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Face = { family: string; style: string; weight: number; file: string };
    const faces: Face[] = [];
    for (const sheet of Array.from(document.styleSheets)) {
      for (const rule of Array.from(sheet.cssRules)) {
        if (!(rule instanceof CSSFontFaceRule)) continue;
        const file = /url\("?([^")]+\.woff2)"?\)/.exec(rule.style.getPropertyValue('src'))?.[1];
        if (!file) continue;
        faces.push({
          family: rule.style.getPropertyValue('font-family').replace(/["']/g, ''),
          style: rule.style.getPropertyValue('font-style') || 'normal',
          weight: Number(rule.style.getPropertyValue('font-weight').replace('normal', '400').replace('bold', '700')) || 400,
          file: file.split('/').pop()!,
        });
      }
    }
    const pick = (family: string, style: string, weight: number): Face | undefined => {
      const candidates = faces.filter((f) => f.family === family);
      const sameStyle = candidates.filter((f) => f.style === style);
      const pool = sameStyle.length ? sameStyle : candidates;
      return pool.sort((a, b) => Math.abs(a.weight - weight) - Math.abs(b.weight - weight))[0];
    };
    const used = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!node.textContent?.trim() || !element?.closest('.katex') || !element.checkVisibility()) continue;
      const style = getComputedStyle(element);
      const family = style.fontFamily.split(',')[0].trim().replace(/["']/g, '');
      const face = pick(family, style.fontStyle, Number(style.fontWeight));
      if (face) used.add(face.file);
    }
    return [...used].sort();
  });
}

/** The font families Chromium actually drew a node's glyphs with (DevTools' "Rendered Fonts"). */
export async function renderedFonts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.map((f) => f.familyName);
}
