import type { Page } from 'playwright-core';

/** What the layout tests measure on a page, as Chromium laid it out. */
export interface Geometry {
  viewportWidth: number;
  /** The page's own width: more than the viewport means it scrolls sideways. */
  pageWidth: number;
  /** Scrolling boxes whose content is wider (or taller) than they are by 1–4 px: a scrollbar for nothing. */
  nearMisses: string[];
  /** Display equations, each with whether it scrolls and whether it says so. */
  equations: { text: string; scrolls: boolean; fade: boolean }[];
  /** Equation numbers drawn over a box of their own equation. */
  numbersOverEquations: string[];
  /** How many equation numbers were measured (so a test can tell none were found). */
  numbers: number;
  /** Copy buttons over the first line of their code. */
  buttonsOverCode: string[];
  copyButtons: number;
  /** `#` anchors not on the last line of their heading, or not after its last word. */
  misplacedAnchors: string[];
  anchors: number;
  /** The most lines any heading with an anchor takes. */
  headingLines: number;
  /** Images without width and height attributes. */
  imagesWithoutSize: string[];
  images: number;
}

/** Measure the page (runs in the browser; every box as the reader sees it). */
export function measure(page: Page): Promise<Geometry> {
  return page.evaluate(() => {
    const rects = (el: Element) => [...el.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    // Overlap of more than a hair: boxes that only touch are not over each other.
    const overlap = (a: DOMRect, b: DOMRect) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
    const describe = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const visible = (el: Element) => rects(el).length > 0;

    const nearMisses: string[] = [];
    for (const el of document.querySelectorAll('main *')) {
      const style = getComputedStyle(el);
      if (!visible(el)) continue;
      const x = el.scrollWidth - el.clientWidth;
      const y = el.scrollHeight - el.clientHeight;
      if (/(auto|scroll)/.test(style.overflowX) && x > 0 && x <= 4) nearMisses.push(`${describe(el)}: ${x} px wider`);
      if (/(auto|scroll)/.test(style.overflowY) && y > 0 && y <= 4) nearMisses.push(`${describe(el)}: ${y} px taller`);
    }

    const equations = [...document.querySelectorAll('.math-display')].filter(visible).map((box) => {
      const scrolls = box.scrollWidth > box.clientWidth;
      const background = getComputedStyle(box).backgroundImage;
      return { text: (box.querySelector('annotation')?.textContent ?? '').trim().slice(0, 40), scrolls, fade: /gradient/.test(background) };
    });

    const numbersOverEquations: string[] = [];
    let numbers = 0;
    for (const tag of document.querySelectorAll('.math-display .katex-tag')) {
      if (!visible(tag)) continue;
      numbers++;
      const html = tag.closest('.katex-html')!;
      const glyphs = [...html.querySelectorAll('.katex-base > :not(.katex-strut)')].filter((el) => !tag.contains(el));
      const tagBox = tag.getBoundingClientRect();
      const hit = glyphs.find((g) => rects(g).some((r) => overlap(r, tagBox)));
      if (hit) numbersOverEquations.push(`${(tag.textContent ?? '').trim()} over ${describe(hit)}`);
    }

    const buttonsOverCode: string[] = [];
    const buttons = [...document.querySelectorAll('.code-block')].filter(visible);
    for (const block of buttons) {
      const button = block.querySelector('.copy-code')!;
      const code = block.querySelector('pre code') ?? block.querySelector('pre')!;
      const text = code.textContent ?? '';
      const range = document.createRange();
      // The first line's text, from the first character to the end of the line (or of the code).
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      let offset = 0;
      const end = text.indexOf('\n') < 0 ? text.length : text.indexOf('\n');
      range.setStart(code, 0);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent!.length;
        if (offset + length >= end) {
          range.setEnd(node, end - offset);
          break;
        }
        offset += length;
      }
      const buttonBox = button.getBoundingClientRect();
      // The whole line, scrolled or not: its boxes as laid out, widened to the block's edge.
      const pre = code.closest('pre')!.getBoundingClientRect();
      const lineBoxes = [...range.getClientRects()].map((r) => new DOMRect(pre.left, r.top, pre.width, r.height));
      if (lineBoxes.some((r) => overlap(r, buttonBox))) buttonsOverCode.push(describe(code.closest('pre')!));
    }

    const misplacedAnchors: string[] = [];
    let headingLines = 0;
    const anchors = [...document.querySelectorAll('.heading-anchor')].filter(visible);
    for (const anchor of anchors) {
      const heading = anchor.parentElement!.querySelector('h1, h2, h3, h4, h5, h6')!;
      // The heading's text line by line (a block heading's own box would span the column).
      const text = document.createRange();
      text.selectNodeContents(heading);
      const lines = [...text.getClientRects()].filter((r) => r.width > 0);
      const last = lines[lines.length - 1];
      headingLines = Math.max(headingLines, new Set(lines.map((r) => Math.round(r.bottom))).size);
      const mark = anchor.querySelector('[aria-hidden="true"]') ?? anchor;
      const box = mark.getBoundingClientRect();
      const middle = (box.top + box.bottom) / 2;
      const onLastLine = middle > last.top && middle < last.bottom;
      const afterLastWord = box.left >= last.right - 0.5 && box.left - last.right < 24;
      if (!onLastLine || !afterLastWord) misplacedAnchors.push(`${describe(heading)} (${lines.length} lines)`);
    }

    const images = [...document.querySelectorAll('main img')];
    const imagesWithoutSize = images.filter((img) => !img.getAttribute('width') || !img.getAttribute('height')).map((img) => img.getAttribute('src') ?? '');

    return {
      viewportWidth: document.documentElement.clientWidth,
      pageWidth: document.documentElement.scrollWidth,
      nearMisses,
      equations,
      numbersOverEquations,
      numbers,
      buttonsOverCode,
      copyButtons: buttons.length,
      misplacedAnchors,
      anchors: anchors.length,
      headingLines,
      imagesWithoutSize,
      images: images.length,
    };
  });
}
