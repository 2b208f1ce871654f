import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMarkdown } from '../../src/markdown/index.js';
import { oneByteHtml } from '../../src/markdown/math.js';
import { render, texAnnotations } from '../helpers/render.js';

describe('math delimiters', () => {
  test('inline $…$ and \\(…\\) render as inline KaTeX with MathML', () => {
    const { $, state } = render('Inline $x^2$ and \\(y_1\\) here.');
    expect($('p > .katex')).toHaveLength(2);
    expect($('.katex-display')).toHaveLength(0);
    expect($('math')).toHaveLength(2);
    expect(texAnnotations($.html())).toEqual(['x^2', 'y_1']);
    expect(state.diagnostics).toEqual([]);
  });

  test('$$…$$ on its own lines, \\[…\\] and ```math fences render as display math', () => {
    const src = ['$$', 'a + b', '$$', '', '\\[', 'c = d', '\\]', '', '```math', '\\frac{1}{2}', '```', ''].join('\n');
    const { $ } = render(src);
    expect($('.math-display > .katex-display')).toHaveLength(3);
    expect($('math[display="block"]')).toHaveLength(3);
    expect(texAnnotations($.html())).toEqual(['a + b', 'c = d', '\\frac{1}{2}']);
    expect($('pre')).toHaveLength(0);
  });

  test('prices stay text: "costs $5 and $10"', () => {
    const { $, html } = render('It costs $5 and $10 today.');
    expect($('.katex')).toHaveLength(0);
    expect($('p').text()).toBe('It costs $5 and $10 today.');
    expect(html).not.toContain('katex-error');
  });

  test('\\$ is a literal dollar, even next to real math', () => {
    const { $ } = render('A \\$ sign, then $z$ and \\$3.');
    expect($('.katex')).toHaveLength(1);
    expect($('p').text()).toMatch(/^A \$ sign, then .* and \$3\.$/);
  });

  test('underscores and asterisks inside math are never emphasis', () => {
    const { $ } = render('Product $a_1 * b_2$ and $x_i * y_i$ done.');
    expect($('em, strong')).toHaveLength(0);
    expect(texAnnotations($.html())).toEqual(['a_1 * b_2', 'x_i * y_i']);
  });

  test('math inside a list item and inside a details block', () => {
    const src = ['- first $\\alpha$', '- second $\\beta_2$', '', '::: details Proof', 'Let $\\epsilon > 0$.', '', '$$', '\\delta = \\epsilon / 2', '$$', ':::', ''].join('\n');
    const { $, state } = render(src);
    expect($('li .katex')).toHaveLength(2);
    expect($('details .katex')).toHaveLength(2);
    expect($('details .katex-display')).toHaveLength(1);
    expect(state.diagnostics).toEqual([]);
  });

  test('a `$` in inline code or a code block is never math', () => {
    const { $ } = render('Use `$x$` literally.\n\n```sh\necho "$HOME $PATH"\n```\n');
    expect($('.katex')).toHaveLength(0);
    expect($('code').first().text()).toBe('$x$');
  });

  test('output carries both HTML and MathML, and KaTeX never trusts input', () => {
    const { $, html } = render('$\\href{javascript:alert(1)}{x}$ and $\\htmlId{x}{y}$');
    expect($('.katex-mathml').length).toBeGreaterThan(0);
    expect($('.katex-html').length).toBeGreaterThan(0);
    expect($('a[href^="javascript"]')).toHaveLength(0);
    expect(html).not.toContain('id="x"');
  });
});

describe('macros', () => {
  test('site-wide macros apply', () => {
    const { $, state } = render('$\\R^n$', {}, { '\\R': '\\mathbb{R}' });
    expect(state.diagnostics).toEqual([]);
    expect($('mi[mathvariant="double-struck"]').text()).toBe('R');
  });

  test('front matter macros apply to that document only', () => {
    const lemma = createMarkdown();
    const first = lemma.render('$\\KL$', { math: { macros: { '\\KL': '\\mathrm{KL}' } } });
    expect(first.state.diagnostics).toEqual([]);
    const second = lemma.render('$\\KL$', {});
    expect(second.state.diagnostics).toHaveLength(1);
  });

  test('\\newcommand in a post applies to its later equations', () => {
    const { state, $ } = render('Define $\\newcommand{\\grad}{\\nabla}$ then use $\\grad f$.');
    expect(state.diagnostics).toEqual([]);
    expect($('math').last().text()).toContain('∇');
  });

  test('a \\gdef in one document does not exist in the next', () => {
    const lemma = createMarkdown({ macros: { '\\R': '\\mathbb{R}' } });
    const first = lemma.render('$\\gdef\\foo{bar}$ $\\foo$ $\\R$');
    expect(first.state.diagnostics).toEqual([]);
    const second = lemma.render('$\\foo$ $\\R$');
    expect(second.state.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('\\foo')]);
    // Site macros survive a post that redefines them.
    const third = lemma.render('$\\gdef\\R{X}$');
    expect(third.state.diagnostics).toEqual([]);
    const fourth = lemma.render('$\\R$');
    expect(fourth.html).toContain('<mi mathvariant="double-struck">R</mi>');
  });
});

describe('diagnostics', () => {
  test('a bad equation is reported with the file line, front matter counted', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lemma-md-'));
    const file = path.join(dir, 'bad.md');
    const text = ['---', 'title: Bad', 'date: 2026-01-01', '---', 'Intro paragraph.', '', 'Good $x$ then', 'bad $\\frac{1}{$ here.', ''].join('\n');
    writeFileSync(file, text);
    const body = text.split('\n').slice(4).join('\n');
    const { state, $ } = render(body, { inputPath: file });
    expect(state.diagnostics).toHaveLength(1);
    const [d] = state.diagnostics;
    expect(d).toMatchObject({ severity: 'error', kind: 'math', line: 8, source: '\\frac{1}{' });
    // Outside the project the path stays absolute, so it can still be opened.
    expect(d.file).toBe(file);
    expect(d.message).toContain('KaTeX parse error');
    // The reader sees a visible marker with the TeX, not a blank.
    expect($('.katex-error').text()).toBe('\\frac{1}{');
  });

  test('an error deep in a multi-line display equation points at its line', () => {
    const src = ['Text.', '', '$$', 'a = b \\\\', 'c = \\undefinedmacro', '$$', ''].join('\n');
    const { state } = render(src, { lineOffset: 3 });
    expect(state.diagnostics).toHaveLength(1);
    expect(state.diagnostics[0].line).toBe(3 + 5);
  });

  test('an error in display math inside a blockquote or list points at the TeX line', () => {
    const quoted = render(['Intro.', '', '> $$', '> \\nosuchmacro', '> $$', ''].join('\n'));
    expect(quoted.state.diagnostics.map((d) => d.line)).toEqual([4]);
    const listed = render(['- item', '', '  $$', '  \\nosuchmacro', '  $$', ''].join('\n'));
    expect(listed.state.diagnostics.map((d) => d.line)).toEqual([4]);
  });

  test('strict-mode warnings are collected as warnings and still render', () => {
    const { state, $ } = render('Accent $é$ in math.');
    expect(state.diagnostics).toHaveLength(1);
    expect(state.diagnostics[0]).toMatchObject({ severity: 'warning', line: 1 });
    expect($('.katex-error')).toHaveLength(0);
  });

  test('the equation count covers every equation', () => {
    const { state } = render('$a$ $b$\n\n$$\nc\n$$\n');
    expect(state.mathCount).toBe(3);
  });
});

describe('equation HTML is one byte a character', () => {
  test('characters past U+00FF become character references that read as the same text', () => {
    const { html, $ } = render('Sum: $\\sum_k \\alpha_k \\to \\infty$, café stays $\\text{café}$.');
    expect(html).not.toMatch(/[^\u0000-\u00ff]/u);
    expect(html).toContain('&#x2211;');
    expect($('math').first().text()).toContain('∑');
    expect($('math').first().text()).toContain('α');
    // Latin-1 is already one byte: left as written.
    expect(html).toContain('café');
  });

  test('a character outside the Basic Multilingual Plane is one reference, not two halves', () => {
    expect(oneByteHtml('<mi>𝔸</mi>·')).toBe('<mi>&#x1D538;</mi>·');
    // Half a pair on its own is still a character past U+00FF.
    expect(oneByteHtml('a\ud835b\udd38c')).toBe('a&#xD835;b&#xDD38;c');
    expect(oneByteHtml('∑∑ x')).toBe('&#x2211;&#x2211; x');
  });
});
