import { createMarkdown } from '../../src/markdown/index.js';
import { MathTable } from '../../src/markdown/math-table.js';
import { katexFonts } from '../../src/filters/katex-fonts.js';
import { readingMinutes } from '../../src/filters/reading-time.js';

/** Every way an equation reaches a page: inline, display, fence, numbered with a ref, raw HTML, an error. */
const POST = [
  '# Title with $x^2$',
  '',
  'Inline $a + b$ and again $a + b$, then $\\mathbb{R}$.',
  '',
  '$$',
  '\\begin{equation} E = mc^2 \\label{eq:e} \\end{equation}',
  '$$',
  '',
  'As \\eqref{eq:e} shows.',
  '',
  '```math',
  '\\int_0^1 f',
  '```',
  '',
  '<div>',
  '$$\\sum_k k$$',
  '</div>',
  '',
  '::: details Proof',
  'Folded $\\mathcal{L}$.',
  ':::',
  '',
  'Broken $\\frac{1}{$ here.',
].join('\n');

function renderBoth(src: string) {
  const table = new MathTable();
  const deferred = createMarkdown({ mathTable: table }).render(src, { page: { inputPath: './posts/a.md' } });
  const direct = createMarkdown().render(src, { page: { inputPath: './posts/a.md' } });
  return { table, deferred: deferred.html, direct: direct.html };
}

describe('deferred math: equations as placeholders until pages are written', () => {
  test('expanding the placeholders gives exactly the HTML rendered with the math in place', () => {
    const { table, deferred, direct } = renderBoth(POST);
    expect(direct).toContain('class="katex"');
    expect(deferred).not.toContain('class="katex');
    expect(table.has(deferred)).toBe(true);
    expect(table.expand(deferred)).toBe(direct);
  });

  test('the same equation HTML is held once', () => {
    const { table, deferred } = renderBoth('$a + b$ and $a + b$ and $c$');
    const ids = [...table.placeholders(deferred)].map((p) => p.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(2);
    expect(table.size).toBe(2);
  });

  test('text that only looks like a placeholder is never replaced', () => {
    const table = new MathTable();
    const real = table.placeholder('<span class="katex">x</span>');
    const lookalike = real.replace(/:[0-9a-f]{12}:/, ':000000000000:');
    expect(lookalike).not.toBe(real);
    expect(table.expand(`${lookalike} ${real}`)).toBe(`${lookalike} <span class="katex">x</span>`);
    expect(table.has(lookalike)).toBe(false);
  });

  test('a placeholder from another table is an error that says so', () => {
    const table = new MathTable();
    table.placeholder('<b>a</b>');
    const other = new MathTable();
    const stray = table.placeholder('<b>a</b>').replace(':0-->', ':5-->');
    expect(() => table.expand(stray)).toThrow(/No equation 5 in this build's math table/);
    expect(other.expand(stray)).toBe(stray);
  });

  test('each equation comes with the fonts it was rendered with, from KaTeX or the render cache alike', () => {
    for (let round = 0; round < 2; round++) {
      const { table, deferred } = renderBoth('$\\mathbb{R}$ and $x$');
      const [first, second] = [...table.placeholders(deferred)].map((p) => p.id);
      expect(table.fonts(first)).toEqual(['KaTeX_AMS-Regular.woff2']);
      expect(table.fonts(second)).toEqual(['KaTeX_Math-Italic.woff2']);
    }
  });

  test('fonts and reading time read through the placeholders as they read the full HTML', () => {
    const { table, deferred, direct } = renderBoth(POST);
    expect(katexFonts(deferred, table)).toEqual(katexFonts(direct, table));
    expect(katexFonts(deferred, table)).toContain('KaTeX_AMS-Regular.woff2');
    // Folded in <details>: not preloaded either way.
    expect(katexFonts(deferred, table)).not.toContain('KaTeX_Caligraphic-Regular.woff2');
    const long = `${'word '.repeat(400)}\n\n${'$x_i$ '.repeat(60)}`;
    const both = renderBoth(long);
    expect(readingMinutes(both.deferred, both.table)).toBe(readingMinutes(both.direct, both.table));
    expect(readingMinutes(both.deferred, both.table)).toBe(3);
  });
});
