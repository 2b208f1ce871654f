import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMarkdown } from '../../../src/markdown/index.js';
import { loadSettings, SettingsError } from '../../../src/settings.js';
import { render } from '../../helpers/render.js';
import { equationLinks, lineOf, renderFixture, shownTags } from './fixtures.js';

describe('equation numbers, AMS style', () => {
  const ported = renderFixture('ported-post.md');

  test('a MathJax post with align, \\eqref, \\newcommand and inline $$ renders with no diagnostics', () => {
    expect(ported.state.diagnostics).toEqual([]);
    expect(ported.$('.katex-error')).toHaveLength(0);
  });

  test('numbered environments number every line in order; \\nonumber, starred and \\tag are respected', () => {
    expect(shownTags(ported.$)).toEqual([
      '(1)', // equation
      '(2)(3)', // align: three lines, the middle one \nonumber
      '(4)', // $$ … \label $$
      '(T)', // align* with \tag{T}; its unlabelled second line shows nothing
      '(5)(6)', // eqnarray
      '(7)(8)', // gather
      '(9)', // multline: one number for two lines
    ]);
  });

  test('each label marks the line that shows its number', () => {
    const expected: Record<string, string> = {
      'eq:bayes': '(1)',
      'eq:elbo-split': '(2)',
      'eq:elbo-bound': '(3)',
      'eq:objective': '(4)',
      'eq:trace': '(T)',
      'eq:first-eqn': '(5)',
      'eq:gathered': '(8)',
      'eq:long': '(9)',
    };
    for (const [id, number] of Object.entries(expected)) {
      const target = ported.$(`[id="${id}"]`);
      expect({ id, count: target.length, text: target.text() }).toEqual({ id, count: 1, text: number });
      expect(target.closest('.katex-tag')).toHaveLength(1);
    }
  });

  test('\\eqref and \\ref in prose and in math link to an existing target showing the same number', () => {
    const links = equationLinks(ported.$);
    expect(links.length).toBe(6);
    for (const link of links) {
      const target = ported.$(`[id="${link.href.slice(1)}"]`);
      expect(target).toHaveLength(1);
      // \eqref shows "(n)", \ref shows "n": both the number on the target line.
      expect(['(' + link.text + ')', link.text]).toContain(target.text());
    }
    const prose = ported.$('a.eqref').map((_, el) => `${ported.$(el).attr('href')} ${ported.$(el).text()}`).get();
    expect(prose).toEqual([
      '#eq:elbo-bound (3)',
      '#eq:bayes (1)',
      '#eq:elbo-split (2)',
      '#eq:trace T',
      '#eq:gathered 8',
      '#eq:long (9)',
    ]);
    // The one inside $…$ shows the right number as text: KaTeX runs with trust: false,
    // so no link can come out of math.
    expect(ported.$('.katex a')).toHaveLength(0);
    const seeObjective = ported.$('.katex-mathml').filter((_, el) => ported.$(el).text().startsWith('see'));
    expect(seeObjective.text()).toMatch(/^see\s*\(4\)/);
  });

  test('a forward reference resolves: the number comes from the whole post', () => {
    const { $, state } = render('See \\eqref{eq:later}.\n\n$$\nx = 1 \\label{eq:later}\n$$\n');
    expect(state.diagnostics).toEqual([]);
    expect($('a.eqref').attr('href')).toBe('#eq:later');
    expect($('a.eqref').text()).toBe('(1)');
  });

  test('unlabelled $$ display math stays unnumbered; a bare label gets a namespaced id', () => {
    const { $ } = render('$$\na\n$$\n\n$$\nb \\label{energy}\n$$\n\n\\eqref{energy}\n');
    expect(shownTags($)).toEqual(['(1)']);
    expect($('a.eqref').attr('href')).toBe('#eq:energy');
    expect($('[id="eq:energy"]').text()).toBe('(1)');
  });

  test('line breaks inside cases, matrices and braces never start a new numbered line', () => {
    const src = [
      '\\begin{align}',
      'f(x) &= \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases} \\label{eq:f} \\\\[4pt]',
      'M &= {\\begin{pmatrix} a \\\\ b \\end{pmatrix}} \\label{eq:m} \\\\',
      '\\end{align}',
      '',
      '\\eqref{eq:f} \\eqref{eq:m}',
    ].join('\n');
    const { $, state } = render(src);
    expect(state.diagnostics).toEqual([]);
    // The trailing \\ leaves an empty last line that gets no number.
    expect(shownTags($)).toEqual(['(1)(2)']);
    expect($('a.eqref').map((_, el) => $(el).text()).get()).toEqual(['(1)', '(2)']);
  });

  test('a \\label in a TeX comment is ignored; \\tag* shows its text without parentheses', () => {
    const { $, state } = render('$$\nx % \\label{eq:commented}\n\\tag*{A.1} \\label{eq:a1}\n$$\n\n\\eqref{eq:a1} \\ref{eq:a1}\n');
    expect(state.diagnostics).toEqual([]);
    expect(shownTags($)).toEqual(['A.1']);
    expect($('a.eqref').map((_, el) => $(el).text()).get()).toEqual(['(A.1)', 'A.1']);
    expect($('[id="eq:commented"]')).toHaveLength(0);
  });

  test('a numbered environment followed by more TeX is numbered by its label, never by KaTeX itself', () => {
    const { $, state } = render('$$\n\\begin{align}\na &= b \\label{eq:x}\n\\end{align}\n\\quad\\text{(by parts)}\n$$\n\n\\eqref{eq:x}\n');
    expect(state.diagnostics).toEqual([]);
    expect(shownTags($)).toEqual(['(1)']);
    // KaTeX's own numbering (a CSS counter, unlinkable) would show as .eqn-num.
    expect($('.katex-html .eqn-num')).toHaveLength(0);
    expect($('a.eqref').text()).toBe('(1)');
  });

  test('two labels on one line both lead to it', () => {
    const { $, state } = render('\\begin{equation}\nx \\label{eq:a} \\label{eq:b}\n\\end{equation}\n');
    expect(state.diagnostics).toEqual([]);
    expect($('[id="eq:a"]').text()).toBe('(1)');
    expect($('[id="eq:b"]').closest('[id="eq:a"]')).toHaveLength(1);
  });

  test('numbers restart in every post', () => {
    const lemma = createMarkdown();
    lemma.render('$$\na \\label{x}\n$$\n');
    const second = lemma.render('$$\nb \\label{x}\n$$\n');
    expect(second.state.diagnostics).toEqual([]);
    expect(second.html).toContain('>(</span><span class="mord"><span class="mord">1<');
  });
});

describe('Quarto equation labels and references', () => {
  const quarto = renderFixture('quarto-post.md');

  test('$$ … $$ {#eq-x} is numbered and @eq-x, [@eq-x], [-@eq-x] link to it', () => {
    expect(quarto.state.diagnostics).toEqual([]);
    expect(shownTags(quarto.$)).toEqual(['(1)', '(2)']);
    const refs = quarto.$('a.eqref').map((_, el) => `${quarto.$(el).attr('href')} ${quarto.$(el).text()}`).get();
    expect(refs).toEqual(['#eq-black-scholes Equation 1', '#eq-black-scholes 1', '#eq-d1 Equation 2']);
    expect(quarto.$('[id="eq-black-scholes"]').text()).toBe('(1)');
    expect(quarto.$('[id="eq-d1"]').text()).toBe('(2)');
  });

  test('an e-mail address and a link are not references', () => {
    const last = quarto.$('p').last();
    expect(last.text()).toContain('quant@eq-finance.example');
    expect(last.find('a[href="https://example.org/"]').text()).toBe('@eq-d1');
  });

  test('a Quarto reference to nothing is an error with its line', () => {
    const { state } = render('Intro.\n\nSee @eq-nowhere.\n');
    expect(state.diagnostics).toEqual([expect.objectContaining({ line: 3, message: '@eq-nowhere refers to no {#eq-nowhere} in this post.' })]);
  });
});

describe('numbering on and off', () => {
  test('front matter math.numbering: false: only explicit \\tag lines show a number, and refs to them work', () => {
    const { $, state } = renderFixture('numbering-off.md');
    expect(state.diagnostics).toEqual([]);
    expect(shownTags($)).toEqual(['(∗)']);
    expect($('[id="eq:one"]')).toHaveLength(0);
    // A tag written in TeX is shown by KaTeX in the reference too.
    expect($('p a.eqref[href="#eq:star"] .katex-mathml').text()).toContain('∗');
  });

  test('site-wide numbering off: refs to untagged equations are errors naming the fix', () => {
    const { $, state } = renderFixture('ported-post.md', { numbering: false });
    expect(shownTags($)).toEqual(['(T)']);
    const errors = state.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.message)).toEqual(
      ['eq:elbo-bound', 'eq:bayes', 'eq:elbo-split', 'eq:gathered', 'eq:long', 'eq:objective'].map((label) =>
        expect.stringContaining(`{${label}}: the equation labelled "${label}" has no number`),
      ),
    );
    expect(errors[0].message).toContain('add \\tag{…}');
  });

  test('a post can turn numbering back on when the site has it off', () => {
    const lemma = createMarkdown({ numbering: false });
    const { state, html } = lemma.render('\\begin{equation}\nx \\label{a}\n\\end{equation}\n\n\\eqref{a}\n', { math: { numbering: true } as never });
    expect(state.diagnostics).toEqual([]);
    expect(html).toContain('<a class="eqref" href="#eq:a">(1)</a>');
  });

  test('a front matter value that is not a boolean is a front-matter error on its line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lemma-fm-'));
    const file = path.join(dir, 'post.md');
    writeFileSync(file, '---\ntitle: T\ndate: 2026-01-01\nmath:\n  numbering: yes please\n---\n$x$\n');
    const { state } = render('$x$\n', { inputPath: file, lineOffset: 6, math: { numbering: 'yes please' } as never });
    expect(state.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', kind: 'front-matter', line: 5, message: expect.stringContaining('"math.numbering" must be true or false') }),
    ]);
  });

  test('site.json math.numbering defaults to on and must be a boolean', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lemma-settings-'));
    const file = path.join(dir, 'site.json');
    const base = { title: 'T', author: { name: 'A' } };
    writeFileSync(file, JSON.stringify(base));
    expect(loadSettings(file, {}).math.numbering).toBe(true);
    writeFileSync(file, JSON.stringify({ ...base, math: { numbering: false } }));
    expect(loadSettings(file, {}).math.numbering).toBe(false);
    writeFileSync(file, JSON.stringify({ ...base, math: { numbering: 'off' } }));
    expect(() => loadSettings(file, {})).toThrow(SettingsError);
    expect(() => loadSettings(file, {})).toThrow(/math\.numbering/);
  });
});

describe('broken labels and references are errors with file and line', () => {
  const edge = renderFixture('edge-cases.md');
  const at = (marker: string, nth = 1) => ({ file: edge.file, line: lineOf(edge.text, marker, nth), severity: 'error', kind: 'math' });

  test('a label used twice: reported at its second use, pointing to the first', () => {
    expect(edge.state.diagnostics).toContainEqual(
      expect.objectContaining({ ...at('\\label{eq:dup}', 2), message: expect.stringContaining(`used twice in this post (first at line ${lineOf(edge.text, '\\label{eq:dup}')})`) }),
    );
    // Both lines still get their numbers; the id belongs to the first.
    expect(shownTags(edge.$)[0]).toBe('(1)(2)');
    expect(edge.$('[id="eq:dup"]').text()).toBe('(1)');
  });

  test('an \\eqref to nothing: reported, and the reader sees (??) rather than a dead link', () => {
    expect(edge.state.diagnostics).toContainEqual(expect.objectContaining({ ...at('\\eqref{eq:missing}'), message: expect.stringContaining('refers to no \\label{eq:missing}') }));
    expect(edge.$('.eqref-missing').first().text()).toBe('(??)');
  });

  test('an \\eqref to an unnumbered (starred) equation', () => {
    expect(edge.state.diagnostics).toContainEqual(expect.objectContaining({ ...at('\\eqref{eq:starred}'), message: expect.stringContaining('has no number') }));
  });

  test('a label in inline math', () => {
    expect(edge.state.diagnostics).toContainEqual(expect.objectContaining({ ...at('\\label{eq:inline}'), message: expect.stringContaining('inline math') }));
    expect(edge.$('.katex-error')).toHaveLength(1); // only the macro used too early
  });

  test('a macro used before its definition: KaTeX error plus where the definition is', () => {
    const d = edge.state.diagnostics.find((x) => x.message.includes('\\Prob'));
    expect(d).toMatchObject(at('$\\Prob(A)$'));
    expect(d!.message).toContain(`defined later in this post, at line ${lineOf(edge.text, '\\gdef\\Prob')}`);
  });

  test('an environment in the middle of a sentence is reported, not left as silent raw TeX', () => {
    expect(edge.state.diagnostics).toContainEqual(expect.objectContaining({ ...at('Mid-sentence \\begin{align}'), message: expect.stringContaining('own line') }));
  });

  test('nothing else is reported', () => {
    expect(edge.state.diagnostics).toHaveLength(6);
  });
});
