import { katexFonts } from '../../src/filters/katex-fonts.js';
import { render } from '../helpers/render.js';

const fontsOf = (markdown: string) => katexFonts(render(markdown).html);

describe('katexFonts: the KaTeX font files a page draws its math with', () => {
  test('letters are Math italic, digits and operators Main regular', () => {
    expect(fontsOf('$x$')).toEqual(['KaTeX_Math-Italic.woff2']);
    expect(fontsOf('$1 + 2$')).toEqual(['KaTeX_Main-Regular.woff2']);
    expect(fontsOf('$x + 1$')).toEqual(['KaTeX_Main-Regular.woff2', 'KaTeX_Math-Italic.woff2']);
  });

  test('font commands select their own faces', () => {
    expect(fontsOf('$\\mathbb{R}$')).toEqual(['KaTeX_AMS-Regular.woff2']);
    expect(fontsOf('$\\mathbf{v}$')).toEqual(['KaTeX_Main-Bold.woff2']);
    expect(fontsOf('$\\boldsymbol{\\theta}$')).toEqual(['KaTeX_Math-BoldItalic.woff2']);
    expect(fontsOf('$\\mathcal{L}$')).toEqual(['KaTeX_Caligraphic-Regular.woff2']);
    expect(fontsOf('$\\text{\\textbf{if}}$')).toEqual(['KaTeX_Main-Bold.woff2']);
  });

  test('big operators and delimiters use the Size fonts', () => {
    expect(fontsOf('$$\n\\sum_k\n$$')).toContain('KaTeX_Size2-Regular.woff2');
    expect(fontsOf('$\\big(1\\big)$')).toContain('KaTeX_Size1-Regular.woff2');
  });

  test('only the visual copy counts, not the MathML, not text outside math, not folded proofs', () => {
    expect(fontsOf('Plain text only.')).toEqual([]);
    expect(fontsOf('::: details Proof\n$\\mathcal{L}$\n:::\n\n$1$')).toEqual(['KaTeX_Main-Regular.woff2']);
  });
});
