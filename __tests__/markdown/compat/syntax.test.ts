import { createMarkdown } from '../../../src/markdown/index.js';
import { render, texAnnotations } from '../../helpers/render.js';
import { lineOf, renderFixture } from './fixtures.js';

describe('Kramdown and MathJax habits', () => {
  const habits = renderFixture('kramdown-habits.md');
  const { $ } = habits;

  test('the whole post renders with no diagnostics', () => {
    expect(habits.state.diagnostics).toEqual([]);
    expect($('.katex-error')).toHaveLength(0);
  });

  test('$$…$$ at the start and at the end of a paragraph renders inline', () => {
    const first = $('p').first();
    expect(first.children().first().is('.katex')).toBe(true);
    expect(first.children().last().is('.katex')).toBe(true);
    expect(first.find('.katex-display')).toHaveLength(0);
    expect(texAnnotations(first.html()!)).toEqual(['a^2 + b^2 = c^2', 'e^{i\\pi} + 1 = 0']);
  });

  test('$$…$$ in the middle of a sentence renders inline', () => {
    const p = $('p').filter((_, el) => $(el).text().startsWith('In the middle'));
    expect(p.find('.katex')).toHaveLength(1);
    expect(p.find('.katex-display')).toHaveLength(0);
  });

  test('currency and $ in code are never math', () => {
    const p = $('p').filter((_, el) => $(el).text().includes('Prices'));
    expect(p.text()).toContain('Prices like $5 and $10 stay text');
    expect(p.find('.katex')).toHaveLength(0);
    expect(p.find('code').text()).toBe('$HOME');
    expect($('pre').text()).toContain('echo "$PATH costs $$ and $5"');
    expect($('pre .katex')).toHaveLength(0);
  });

  test('$$ on its own lines right after text is display math, and \\\\ and & survive Markdown', () => {
    const display = $('p').filter((_, el) => $(el).text().startsWith('A display equation')).next();
    expect(display.is('div.math-display')).toBe(true);
    expect(texAnnotations(display.html()!)).toEqual(['\\begin{aligned}\nf(x) &= x^2 \\\\\nf\'(x) &= 2x\n\\end{aligned}']);
    expect(display.find('.mtable .col-align-r, .mtable .col-align-l').length).toBe(2);
  });

  test('math works in tables, lists, blockquotes, details, callouts and footnotes', () => {
    expect($('td .katex')).toHaveLength(2);
    expect($('li .katex').length).toBeGreaterThanOrEqual(2);
    expect($('li .katex-display')).toHaveLength(1); // the bare align* inside the list item
    expect($('blockquote .katex')).toHaveLength(2);
    expect($('blockquote .katex-display')).toHaveLength(1);
    expect($('details .katex-display')).toHaveLength(1);
    expect($('aside.callout .katex-display')).toHaveLength(1);
    expect($('.footnotes .katex')).toHaveLength(1);
  });
});

describe('display math inside raw HTML blocks', () => {
  test('<div>$$ … $$</div> renders as display math; <pre> stays text', () => {
    const { $ } = renderFixture('kramdown-habits.md');
    expect($('div.equation > div.math-display .katex-display')).toHaveLength(1);
    expect(texAnnotations($('div.equation').html()!)).toEqual(['\\mathbf{x}^\\top A\\, \\mathbf{x} \\geq 0 \\quad \\text{for all } \\mathbf{x}']);
    expect($('pre').last().text()).toBe('$$ raw HTML code stays text $$');
  });

  test('is numbered, referenced and reported on its own line like any equation', () => {
    const src = ['Intro.', '', '<div>', '$$', 'x = 1 \\label{eq:h}', '$$', '</div>', '', '<div>$$ y = \\frac{1}{ $$</div>', '', 'See \\eqref{eq:h}.', ''].join('\n');
    const { $, state } = render(src);
    expect($('a.eqref[href="#eq:h"]').text()).toBe('(1)');
    expect($('[id="eq:h"]').text()).toBe('(1)');
    expect(state.diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 9, message: expect.stringContaining('KaTeX parse error') })]);
  });
});

describe('bare environments', () => {
  test('every AMS display environment renders as display math without $$', () => {
    for (const env of ['equation', 'align', 'gather', 'multline', 'eqnarray', 'flalign', 'equation*', 'align*', 'gather*', 'multline*', 'eqnarray*']) {
      const body = env.startsWith('eqnarray') ? 'a &=& b \\\\ c &=& d' : env.startsWith('equation') ? 'a = b' : 'a &= b \\\\ c &= d';
      const { $, state } = render(`Text\n\\begin{${env}}\n${body}\n\\end{${env}}\nmore text\n`);
      expect({ env, diagnostics: state.diagnostics }).toEqual({ env, diagnostics: [] });
      expect({ env, displays: $('div.math-display .katex-display').length }).toEqual({ env, displays: 1 });
      // Text before and after stays prose.
      expect($('p').map((_, el) => $(el).text()).get()).toEqual(['Text', 'more text']);
    }
  });

  test('eqnarray keeps its relation column: a &=& b is aligned like align', () => {
    const eqnarray = render('\\begin{eqnarray*}\na &=& b\n\\end{eqnarray*}\n').$;
    const align = render('\\begin{align*}\na &= b\n\\end{align*}\n').$;
    expect(eqnarray('.katex-html').html()).toBe(align('.katex-html').html());
  });

  test('an environment KaTeX lacks is reported with its line, not shown as raw TeX', () => {
    const { $, state } = renderFixture('unsupported.md');
    expect($('p').text()).not.toContain('\\begin{subequations}');
    const text = renderFixture('unsupported.md').text;
    const errors = state.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.line, d.message.match(/Undefined control sequence: \\\w+|No such environment: \w+/)?.[0]])).toEqual([
      [lineOf(text, '\\cssId'), 'Undefined control sequence: \\cssId'],
      [lineOf(text, '\\class'), 'Undefined control sequence: \\class'],
      [lineOf(text, '\\dv'), 'Undefined control sequence: \\dv'],
      [lineOf(text, '\\begin{subequations}'), 'No such environment: subequations'],
      [lineOf(text, '\\begin{xalignat}'), 'No such environment: xalignat'],
    ]);
    expect(state.diagnostics.filter((d) => d.severity === 'warning')).toEqual([
      expect.objectContaining({ line: lineOf(text, '\\require{physics}'), message: expect.stringContaining('\\require{physics}') }),
    ]);
    // Every failing equation is marked for the reader; the good one renders.
    expect($('.katex-error')).toHaveLength(5);
    expect($('p').last().find('.katex')).toHaveLength(1);
  });

  test('an unclosed environment is reported', () => {
    const { state } = render('Intro.\n\n\\begin{align}\na &= b\n\nMore prose.\n');
    expect(state.diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 3, message: expect.stringContaining('\\begin{align}') })]);
  });
});

describe('macros, scoped to the post', () => {
  test('\\newcommand, \\renewcommand, \\def, \\gdef and \\DeclareMathOperator apply to later equations', () => {
    const src = [
      '$$\\newcommand{\\vect}[1]{\\boldsymbol{#1}} \\DeclareMathOperator{\\Tr}{Tr} \\DeclareMathOperator*{\\argmax}{arg\\,max}$$',
      '',
      'Then $\\def\\half{\\frac12}$ and $\\gdef\\one{1}$ and $\\renewcommand{\\vect}[1]{\\mathbf{#1}}$.',
      '',
      '$$\n\\Tr(\\vect{x}) = \\half + \\one, \\quad \\argmax_{\\theta} f(\\theta)\n$$',
    ].join('\n');
    const { $, state } = render(src);
    expect(state.diagnostics).toEqual([]);
    const mathml = $('math').last().html()!;
    // \vect was renewed to \mathbf; \Tr is an upright operator; \argmax* takes its limit below.
    expect(mathml).toContain('mathvariant="bold"');
    expect(mathml).toMatch(/<mi>Tr<\/mi>|<mo>Tr<\/mo>|Tr/);
    expect($('math').last().find('munder')).toHaveLength(1);
  });

  test('a post may \\newcommand a name the site already defines, for that post only', () => {
    const lemma = createMarkdown({ macros: { '\\R': '\\mathbb{R}' } });
    const first = lemma.render('$$\\newcommand{\\R}{\\mathcal{R}}$$\n\n$\\R$\n');
    expect(first.state.diagnostics).toEqual([]);
    expect(first.html).toContain('mathvariant="script"');
    const second = lemma.render('$\\R$\n');
    expect(second.html).toContain('mathvariant="double-struck"');
  });

  test('definitions never reach the next post', () => {
    const lemma = createMarkdown();
    const first = renderFixture('ported-post.md', { lemma });
    expect(first.state.diagnostics).toEqual([]);
    const second = lemma.render('$\\KL$ and $\\Tr$\n');
    expect(second.state.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('\\KL'),
      expect.stringContaining('\\Tr'),
    ]);
  });

  test('\\require{mhchem} is accepted silently: KaTeX has \\ce built in', () => {
    const { state, $ } = render('$\\require{mhchem}\\ce{H2O}$');
    expect(state.diagnostics).toEqual([]);
    expect($('.katex')).toHaveLength(1);
  });
});

describe('what ported posts typeset', () => {
  test('Unicode \\text, \\operatorname, \\mathbb, \\boldsymbol, \\color, \\ce and AMS symbols render without a problem', () => {
    const { $, state, text } = renderFixture('symbols.md');
    expect(state.diagnostics).toEqual([]);
    expect($('.katex-error')).toHaveLength(0);
    const prose = text.split('\n---\n')[1].split('\n$$\n')[0];
    const inlineCount = (prose.match(/\$[^$]+\$/g) ?? []).length;
    expect($('p .katex')).toHaveLength(inlineCount);
    expect($('.katex-display')).toHaveLength(1);
    expect($('math').text()).toContain('für alle');
    expect($('math').text()).toContain('日本語');
    // mhchem: the reaction arrow and subscripted counts.
    const water = $('annotation').filter((_, el) => $(el).text() === '\\ce{2H2 + O2 -> 2H2O}').closest('.katex');
    expect(water.find('math').text()).toContain('→');
    expect(water.find('.katex-html svg')).toHaveLength(1); // the drawn, stretchy arrow
    expect($('.katex-html [style*="color"]').length).toBeGreaterThan(0);
  });
});

describe('inline code and code blocks are never math', () => {
  test('`$x$` and `\\begin{align}` in code stay code', () => {
    const { $, state } = render('Write `$x$` or `$$y$$` or `\\eqref{a}`.\n\n```latex\n\\begin{align}\na &= b \\label{a}\n\\end{align}\n```\n');
    expect(state.diagnostics).toEqual([]);
    expect($('.katex')).toHaveLength(0);
    expect($('p code').map((_, el) => $(el).text()).get()).toEqual(['$x$', '$$y$$', '\\eqref{a}']);
    expect($('pre').text()).toContain('\\label{a}');
  });
});
