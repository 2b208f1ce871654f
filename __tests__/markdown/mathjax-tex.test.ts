import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createMarkdown } from '../../src/markdown/index.js';
import { renderTex } from '../../src/markdown/math.js';
import { readAsMathJax } from '../../src/markdown/mathjax-tex.js';
import { spanEnd } from '../../src/markdown/span-end.js';
import { REPO } from '../helpers/project.js';
import { render } from '../helpers/render.js';
import { FIXTURES } from './compat/fixtures.js';

/** KaTeX's HTML and MathML for the TeX, without the annotation that repeats the TeX itself. */
function drawn(tex: string, display = false, macros: Record<string, string> = {}): { html: string; error?: string; warnings: string[] } {
  const result = renderTex(tex, display, { ...macros });
  return { html: result.html.replace(/<annotation encoding="application\/x-tex">[\s\S]*?<\/annotation>/g, ''), error: result.error, warnings: result.warnings };
}

/** The first equation of a rendered page, as `drawn` gives it. */
function firstEquation(html: string): string {
  const start = html.indexOf('<span class="katex');
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, spanEnd(html, start)).replace(/<annotation encoding="application\/x-tex">[\s\S]*?<\/annotation>/g, '');
}

describe('TeX read as MathJax reads it', () => {
  // [what the post says, what MathJax shows, the TeX an author would write to get it in KaTeX]
  test.each([
    ['Q^\\vec{\\mu}_i', 'Q with the vector μ as superscript, i below', 'Q^{\\vec{\\mu}}_i'],
    ['\\tau_\\max', 'τ with "max" below', '\\tau_{\\max}'],
    ['\\nabla_\\hat{x} f', '∇ with x̂ below', '\\nabla_{\\hat{x}} f'],
    ['x^\\sqrt[3]{2}', 'x to the cube root of 2', 'x^{\\sqrt[3]{2}}'],
    ['e^\\boldsymbol\\theta', 'e to the bold θ', 'e^{\\boldsymbol\\theta}'],
    ['\\sum_\\operatorname{batch} x', 'a sum over "batch"', '\\sum_{\\operatorname{batch}} x'],
    ['\\text{style_fwd}', 'the words style_fwd', '\\text{style\\_fwd}'],
    ['a \\text{ & } b', 'a & b', 'a \\text{ \\& } b'],
    ['\\text{# max}', '# max', '\\text{\\# max}'],
    ['\\textrm{50% off}', '50% off', '\\textrm{50\\% off}'],
    ['\\mbox{if } x > 0', 'if x > 0', '\\text{if } x > 0'],
    ['f’(x) + g′(x)', 'f prime and g prime', "f'(x) + g'(x)"],
    ['a ∥ b', 'a parallel to b', 'a \\parallel b'],
    ['a\u2004=\u2005b', 'a = b', 'a = b'],
  ])('%j (MathJax shows %s) renders as %j does, with no error or warning', (tex, _mathJaxShows, fix) => {
    const expected = drawn(fix);
    expect(expected.error).toBeUndefined();
    // KaTeX alone fails or warns on the post's TeX…
    const raw = drawn(tex);
    expect(raw.error !== undefined || raw.warnings.length > 0).toBe(true);
    // …and the pipeline draws it as the hand-written fix.
    const { html, state } = render(`Here $${tex}$ is.\n`);
    expect(state.diagnostics).toEqual([]);
    expect(firstEquation(html)).toBe(expected.html);
  });

  test('a #1 in a macro definition stays a parameter; math inside \\text keeps its scripts', () => {
    expect(readAsMathJax('\\newcommand{\\note}[1]{\\text{#1}}')).toBe('\\newcommand{\\note}[1]{\\text{#1}}');
    expect(readAsMathJax('\\text{if $x_1$ and a_b}')).toBe('\\text{if $x_1$ and a\\_b}');
    const { state, $ } = render('$\\newcommand{\\note}[1]{\\text{#1}} \\note{a} + x^\\R$\n', {}, { '\\R': '\\mathbb{R}' });
    expect(state.diagnostics).toEqual([]);
    expect($('.katex')).toHaveLength(1);
  });

  test('a command the document defines is asked about with its definition', () => {
    // \vv takes an argument, as \vec does, so it needs the braces; \RR does not.
    const { state } = render('$$\\newcommand{\\vv}[1]{\\vec{#1}}$$\n\n$Q^\\vv{\\mu} + x^\\RR$\n', {}, { '\\RR': '\\mathbb{R}' });
    expect(state.diagnostics).toEqual([]);
  });

  test('\\shoveleft and \\shoveright in multline keep their lines', () => {
    const { state, $ } = render('\\begin{multline*}\na + b \\\\\n\\shoveleft{c + d} \\\\\n\\shoveright{e + f}\n\\end{multline*}\n');
    expect(state.diagnostics).toEqual([]);
    expect($('.katex-display')).toHaveLength(1);
  });

  test('a display environment inside Kramdown inline $$ renders as display math, in a list and mid-paragraph', () => {
    const src = [
      '- $$\\begin{align*} a &= b \\\\ c &= d \\end{align*}$$',
      '',
      'So we get $$ \\begin{eqnarray*} x &=& y \\end{eqnarray*} $$ and then $$z$$ inline.',
      '',
    ].join('\n');
    const { state, $ } = render(src);
    expect(state.diagnostics).toEqual([]);
    expect($('li .katex-display')).toHaveLength(1);
    expect($('p span.math-display .katex-display')).toHaveLength(1);
    // The plain $$z$$ stays inline.
    expect($('p > .katex')).toHaveLength(1);
  });

  test('an error in rewritten TeX is still reported on its own line', () => {
    const { state } = render('$$\nQ^\\vec{\\mu}_i \\\\\n\\undefinedthing\n$$\n');
    expect(state.diagnostics.map((d) => [d.line, d.severity])).toEqual([[3, 'error']]);
    expect(state.diagnostics[0].source).toContain('Q^\\vec{\\mu}_i');
  });
});

/** `katex-supported.txt`: one equation a line, `names:` lines a list of single commands. */
function supportedEquations(): { tex: string; display: boolean }[] {
  const lines = readFileSync(path.join(FIXTURES, 'katex-supported.txt'), 'utf8').split('\n');
  const equations: { tex: string; display: boolean }[] = [];
  for (const line of lines) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (line.startsWith('names: ')) for (const name of line.slice(7).split(' ').filter(Boolean)) equations.push({ tex: name, display: false });
    else if (line.startsWith('display: ')) equations.push({ tex: line.slice(9), display: true });
    else equations.push({ tex: line, display: false });
  }
  return equations;
}

describe('TeX KaTeX already renders as MathJax would is left as it is', () => {
  test('every equation of KaTeX\'s supported-functions list draws the same', () => {
    const equations = supportedEquations();
    expect(equations.length).toBeGreaterThan(900);
    const changed: string[] = [];
    for (const { tex, display } of equations) {
      const before = drawn(tex, display);
      const after = drawn(readAsMathJax(tex), display);
      expect({ tex, html: after.html, error: after.error }).toEqual({ tex, html: before.html, error: before.error });
      if (readAsMathJax(tex) !== tex) changed.push(tex);
    }
    // Not one of them needs a rewrite, so not one is touched.
    expect(changed).toEqual([]);
  });

  test('the sample posts and the MathJax-habit fixtures draw every equation the same', () => {
    const files = [
      ...readdirSync(path.join(REPO, 'posts')).filter((f) => f.endsWith('.md')).map((f) => path.join(REPO, 'posts', f)),
      ...readdirSync(FIXTURES).filter((f) => f.endsWith('.md')).map((f) => path.join(FIXTURES, f)),
    ];
    let compared = 0;
    for (const file of files) {
      const md = createMarkdown().md;
      const tokens = md.parse(readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''), {});
      const equations = tokens.flatMap((t) => (t.type === 'inline' ? (t.children ?? []) : [t]))
        .filter((t) => t.type === 'math_inline' || t.type === 'math_block');
      const macrosBefore: Record<string, string> = {};
      const macrosAfter: Record<string, string> = {};
      for (const token of equations) {
        const display = token.type === 'math_block';
        const before = renderTex(token.content, display, macrosBefore);
        const after = renderTex(readAsMathJax(token.content, macrosAfter), display, macrosAfter);
        if (before.error) continue; // the unsupported-commands fixture: errors on purpose
        expect({ file, html: after.html }).toEqual({ file, html: before.html });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(80);
  });
});
