import { Parser } from 'htmlparser2';
import { equationFonts, katexFonts } from '../../src/filters/katex-fonts.js';
import { elementFont, equationHtmlFonts, fontFile, type FontProps } from '../../src/markdown/equation-fonts.js';
import { spanEnd } from '../../src/markdown/span-end.js';
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

describe('equationFonts walks KaTeX markup as an HTML parser would', () => {
  /** The reference: the same class-to-font rules, applied while a real HTML parser walks the markup. */
  function parsedFonts(visualHtml: string): string[] {
    const used = new Set<string>();
    const stack: FontProps[] = [{}];
    const parser = new Parser(
      {
        onopentag: (_name, attributes) => void stack.push(elementFont(stack[stack.length - 1], attributes.class ?? '')),
        ontext: (text) => void (text.trim() && used.add(fontFile(stack[stack.length - 1]))),
        onclosetag: () => void (stack.length > 1 && stack.pop()),
      },
      { decodeEntities: true },
    );
    parser.end(visualHtml);
    return [...used].sort();
  }

  const visualPart = (html: string) => {
    const at = html.indexOf('<span class="katex-html"');
    return html.slice(at, spanEnd(html, at));
  };

  test.each([
    '\\sqrt{x^2 + 1}',
    '\\widehat{abc} + \\overrightarrow{AB}',
    '\\text{a<b \\& café 日本}',
    '\\boxed{x} \\cancel{y}',
    '\\left(\\frac{a}{b}\\right)^{\\!2} \\Bigg[ \\sum_k \\Bigg]',
    '\\mathscr{L} \\mathfrak{g} \\mathbb{R} \\mathcal{C} \\boldsymbol{\\theta}',
    'a\\ b\\quad c \\, d \\text{\\textbf{\\textit{e}}}',
    '\\xrightarrow[n]{f} \\underbrace{x+y}_{n}',
    // The tag is the visual part's last child, after the equation's own.
    'x = 1 \\tag{$\\mathbb{A}$}',
  ])('%s', (tex) => {
    const html = render(`$$\n${tex}\n$$`).html;
    const visual = visualPart(html);
    expect(visual).toContain('katex-html');
    const reference = parsedFonts(visual);
    expect(reference.length).toBeGreaterThan(0);
    expect(equationFonts(visual).sort()).toEqual(reference);
    // From the whole equation (MathML, display wrapper and all), as the renderer asks.
    expect(equationHtmlFonts(html)).toEqual(reference);
  });
});
