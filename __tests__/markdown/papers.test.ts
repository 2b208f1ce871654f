import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'cheerio';
import { createMarkdown, type LemmaEnv } from '../../src/markdown/index.js';
import { REPO } from '../helpers/project.js';

const FIXTURE = path.join(REPO, '__tests__/fixtures/papers');
const BODY = readFileSync(path.join(FIXTURE, 'paper.md'), 'utf8').replace(/^---[\s\S]*?---\n/, '');

function render(src: string, env: LemmaEnv = {}, style: 'author-date' | 'numeric' = 'author-date') {
  const result = createMarkdown({ citations: { style } }).render(src, { lineOffset: 0, ...env });
  const errors = result.state.diagnostics.filter((d) => d.severity === 'error');
  return { ...result, $: load(result.html), errors, messages: errors.map((d) => `${d.file}:${d.line}: ${d.message}`) };
}
const inFixture = (style: 'author-date' | 'numeric' = 'author-date') =>
  render(BODY, { inputPath: path.join(FIXTURE, 'paper.md'), bibliography: 'refs.bib' }, style);

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'lemma-papers-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('theorem-like blocks', () => {
  test('every kind is numbered on its own counter, with its title and label', () => {
    const kinds = ['theorem', 'lemma', 'proposition', 'corollary', 'conjecture', 'definition', 'example', 'exercise', 'remark'];
    const src = [...kinds, 'theorem', 'lemma'].map((k) => `::: ${k}\nBody of a ${k}.\n:::\n`).join('\n');
    const { $, errors } = render(src);
    expect(errors).toEqual([]);
    expect($('.theorem .theorem-name').map((_, el) => $(el).text()).get()).toEqual([
      'Theorem 1', 'Lemma 1', 'Proposition 1', 'Corollary 1', 'Conjecture 1', 'Definition 1', 'Example 1', 'Exercise 1', 'Remark 1', 'Theorem 2', 'Lemma 2',
    ]);
    // The lead-in runs into the first paragraph, as in a paper.
    expect($('.theorem-lemma').first().find('p').first().text()).toBe('Lemma 1. Body of a lemma.');
  });

  test('a title is Markdown with math; the label becomes the id; numbering restarts per post', () => {
    const { $ } = render('::: theorem Basel *problem* $\\zeta(2)$ {#thm-basel}\nStatement.\n:::\n');
    const block = $('#thm-basel');
    expect(block.hasClass('theorem-theorem')).toBe(true);
    expect(block.find('.theorem-head em').text()).toBe('problem');
    expect(block.find('.theorem-head .katex')).toHaveLength(1);
    expect(block.find('.theorem-head').text()).toMatch(/^Theorem 1 \(Basel problem .*\)\.$/);
    expect(render('::: theorem\nAgain.\n:::\n').$('.theorem-name').text()).toBe('Theorem 1');
  });

  test("Quarto's forms: {#thm-x} with a ## Title first line, name=, and {.proof}", () => {
    const { $, state } = render('::: {#lem-key}\n## Key lemma\nIt holds.\n:::\n\n::: {#cor-x name="Easy"}\nSo.\n:::\n\n::: {.proof}\nClear.\n:::\n');
    expect($('#lem-key .theorem-head').text()).toBe('Lemma 1 (Key lemma).');
    expect($('#lem-key h2')).toHaveLength(0);
    expect(state.headings).toEqual([]);
    expect($('#cor-x .theorem-head').text()).toBe('Corollary 1 (Easy).');
    expect($('.proof .theorem-head').text()).toBe('Proof.');
  });

  test('markdown, math, code and nested details inside a block', () => {
    const { $ } = render('::: definition\nA *set* with $x$:\n\n```python\nx = 1\n```\n\n::: details Why\nBecause $y$.\n:::\n:::\n');
    const block = $('.theorem-definition');
    expect(block.find('em').text()).toBe('set');
    expect(block.find('pre code').text()).toContain('x = 1');
    expect(block.find('details summary').text()).toBe('Why');
    expect(block.find('.katex')).toHaveLength(2);
  });
});

describe('the end of a proof', () => {
  const qedAfter = (html: string) => load(html)('.proof .qed').parent();

  test('at the end of the last line of text', () => {
    const { $ } = render('::: proof\nFirst.\n\nSo it is.\n:::\n');
    expect($('.proof .qed')).toHaveLength(1);
    expect($('.proof p').last().text()).toBe('So it is. ∎');
    expect($('.qed').attr('aria-label')).toBe('End of proof');
  });

  test('beside the last line when the proof ends in display math', () => {
    for (const ending of ['$$\nx = 1\n$$', '```math\nx = 1\n```', '\\begin{align}\nx &= 1\n\\end{align}']) {
      const { html } = render(`::: proof\nWe compute\n${ending}\n:::\n`);
      const box = qedAfter(html);
      expect(box.hasClass('qed-display')).toBe(true);
      expect(box.children().first().hasClass('math-display')).toBe(true);
      expect(box.children().last().hasClass('qed')).toBe(true);
    }
  });

  test('at the end of the last item of a final list, and on its own line after code', () => {
    expect(render('::: proof\n- one\n- two\n:::\n').$('.proof li').last().text()).toBe('two ∎');
    const { $ } = render('::: proof\nRun\n\n```python\nprint(1)\n```\n:::\n');
    expect($('.proof > .qed-line .qed')).toHaveLength(1);
    expect($('.proof .qed')).toHaveLength(1);
  });
});

describe('figures', () => {
  test('a labelled image becomes a numbered figure; its caption keeps Markdown and math', () => {
    const { $ } = render('![A *plot* of $x^2$](plot.svg){#fig-plot}\n\n![Second](b.png){#fig-b}\n\n![No label](c.png)\n');
    const figure = $('figure#fig-plot');
    expect(figure.find('img').attr('src')).toBe('plot.svg');
    expect(figure.find('img').attr('alt')).toBe('A plot of x^2');
    expect(figure.find('figcaption').text()).toMatch(/^Figure 1: A plot of /);
    expect(figure.find('figcaption em').text()).toBe('plot');
    expect(figure.find('figcaption .katex')).toHaveLength(1);
    expect($('figure#fig-b figcaption').text()).toBe('Figure 2: Second');
    expect($('figure')).toHaveLength(2);
    expect($('p > img[alt="No label"]')).toHaveLength(1);
  });
});

describe('cross-references', () => {
  test('@thm-x, [@thm-x], [-@thm-x] and @fig-x link to their targets; forward references work', () => {
    const { $, errors } = render('See @thm-a, [@lem-b], [-@thm-a] and @fig-c.\n\n::: theorem {#thm-a}\nA.\n:::\n\n::: lemma {#lem-b}\nB.\n:::\n\n![C](c.svg){#fig-c}\n');
    expect(errors).toEqual([]);
    expect($('p').first().find('a.crossref').map((_, a) => `${$(a).attr('href')} ${$(a).text()}`).get()).toEqual([
      '#thm-a Theorem 1', '#lem-b Lemma 1', '#thm-a 1', '#fig-c Figure 1',
    ]);
  });

  test("equations keep Lemma's numbering: @eq-x and \\eqref beside theorem references", () => {
    const { $, errors } = render('By @eq-energy and \\eqref{eq:mass} in @thm-a.\n\n$$\nE = mc^2 \\label{eq-energy}\n$$\n\n$$\nm = 1 \\label{eq:mass}\n$$\n\n::: theorem {#thm-a}\nA.\n:::\n');
    expect(errors).toEqual([]);
    expect($('p').first().text()).toBe('By Equation 1 and (2) in Theorem 1.');
  });

  test('unknown, duplicate and wrong-kind labels are errors at their lines', () => {
    const src = [
      'See @thm-missing.', // 1
      '', // 2
      '::: theorem {#thm-a}', // 3
      'A.', // 4
      ':::', // 5
      '', // 6
      '::: lemma {#thm-a}', // 7
      'B.', // 8
      ':::', // 9
      '', // 10
      '::: theorem {#thm-a}', // 11
      'C.', // 12
      ':::', // 13
      '', // 14
      '![X](x.svg){#thm-x}', // 15
      '', // 16
      'And [@fig-none; @lem-none].', // 17
    ].join('\n');
    const { messages } = render(src, { inputPath: 'posts/p.md', lineOffset: 4 });
    expect(messages).toEqual([
      expect.stringMatching(/^posts\/p\.md:11: \{#thm-a\} is a theorem label, but it labels a lemma: lemma labels start with "lem-"/),
      'posts/p.md:15: {#thm-a} is used twice in this post (first at line 7); give each theorem its own label.',
      expect.stringMatching(/^posts\/p\.md:19: \{#thm-x\} is a theorem label, but it labels a figure/),
      expect.stringMatching(/^posts\/p\.md:5: @thm-missing refers to no \{#thm-missing\} in this post/),
      expect.stringMatching(/^posts\/p\.md:21: @fig-none refers to no/),
      expect.stringMatching(/^posts\/p\.md:21: @lem-none refers to no/),
    ]);
  });
});

describe('citations from BibTeX', () => {
  test('author-date: bracketed, narrative, suppressed author and locators, each linked to its entry', () => {
    const { $, errors } = inFixture();
    expect(errors).toEqual([]);
    const cites = $('.citation').map((_, el) => $(el).text()).get();
    expect(cites).toEqual([
      '(Euler, 1740)',
      'Vaswani et al. (2017)',
      // APA orders the works of one citation by author.
      '(Gödel, 1931; see He et al., 2016, p. 772)',
      '(1950)',
    ]);
    expect($('.citation').eq(2).find('a').map((_, a) => $(a).attr('href')).get()).toEqual(['#ref-goedel1931', '#ref-he2016']);
  });

  test('the references: one entry per cited key, ids ref-key, TeX accents and math right, DOIs and URLs as links', () => {
    const { $ } = inFixture();
    expect($('h2#references').text()).toBe('References');
    const entries = $('#refs .csl-entry');
    expect(entries.map((_, e) => $(e).attr('id')).get()).toEqual(['ref-erdos1950', 'ref-euler1735', 'ref-goedel1931', 'ref-he2016', 'ref-vaswani2017']);
    expect($('#ref-goedel1931').text()).toContain('Über formal unentscheidbare Sätze & Systeme');
    expect($('#ref-erdos1950').text()).toContain('Erdős, P.');
    // `$\sum…$` in the title is an equation, not mangled TeX.
    expect($('#ref-euler1735 .katex annotation').text()).toBe('\\sum_{n=1}^\\infty 1/n^2');
    expect($('#ref-vaswani2017 a').attr('href')).toBe('https://doi.org/10.48550/arXiv.1706.03762');
    expect($('#ref-euler1735 a').attr('href')).toBe('https://scholarlycommons.pacific.edu/euler-works/41/');
    // Before the footnotes, as Pandoc puts it.
    expect($('#refs').nextAll('.footnotes')).toHaveLength(1);
  });

  test('numeric: numbers in order of first citation, the list in that order', () => {
    const { $ } = inFixture('numeric');
    expect($('.citation').map((_, el) => $(el).text()).get()).toEqual(['[1]', 'Vaswani et al. [2]', '[see 3, p. 772, 4]', '[5]']);
    expect($('#refs .csl-entry').map((_, e) => $(e).attr('id')).get()).toEqual(['ref-euler1735', 'ref-vaswani2017', 'ref-he2016', 'ref-goedel1931', 'ref-erdos1950']);
    expect($('#ref-vaswani2017 .csl-left-margin').text()).toBe('2.');
  });

  test('an unknown key, a post without bibliography, a missing or malformed .bib: errors with lines', () => {
    writeFileSync(path.join(dir, 'good.bib'), '@book{known, title = {T}, author = {A, B}, year = 2000}\n');
    const post = path.join(dir, 'post.md');
    const known = render('Fine [@known].\n\nBut [@unknown] is not.\n', { inputPath: post, bibliography: 'good.bib' });
    expect(known.messages).toEqual([expect.stringMatching(/:3: @unknown: no entry with that key in this post's bibliography/)]);

    const none = render('Text.\n[@key]\n', { inputPath: post });
    expect(none.messages).toEqual([expect.stringMatching(/:2: @key cites a key, but this post has no bibliography: add "bibliography: refs.bib"/)]);

    writeFileSync(post, '---\ntitle: T\nbibliography: nowhere.bib\n---\n[@key]\n');
    const missing = render('[@key]\n', { inputPath: post, bibliography: 'nowhere.bib', lineOffset: 4 });
    expect(missing.messages[0]).toMatch(/post\.md:3: front matter "bibliography": cannot read .*nowhere\.bib \(ENOENT\)/);

    writeFileSync(path.join(dir, 'bad.bib'), '@book{a, title = {ok}}\n\n@book{b title = {no comma}}\n');
    const bad = render('[@a]\n', { inputPath: post, bibliography: 'bad.bib' });
    expect(bad.messages[0]).toMatch(/bad\.bib:3: not valid BibTeX: expected "comma"/);

    writeFileSync(path.join(dir, 'dup.bib'), '@book{a, title = {one}}\n@book{a, title = {two}}\n');
    expect(render('[@a]\n', { inputPath: post, bibliography: 'dup.bib' }).messages).toEqual([
      expect.stringMatching(/dup\.bib:2: the key "a" is used twice \(first at line 1\)/),
    ]);
  });

  test('without a bibliography, @handles and addresses stay text; \\@ is a literal @ with one', () => {
    expect(render('Ask @ada or mail ada@example.org.\n').$('p').text()).toBe('Ask @ada or mail ada@example.org.');
    writeFileSync(path.join(dir, 'refs.bib'), '@book{ada, title = {T}, author = {Lovelace, Ada}, year = 1843}\n');
    const { $, errors } = render('By @ada, not \\@ada.\n', { inputPath: path.join(dir, 'p.md'), bibliography: 'refs.bib' });
    expect(errors).toEqual([]);
    expect($('p').text()).toBe('By Lovelace (1843), not @ada.');
  });

  test('prefixes and suffixes are text, never markup', () => {
    writeFileSync(path.join(dir, 'refs.bib'), '@book{ada, title = {T}, author = {Lovelace, Ada}, year = 1843}\n');
    const { $ } = render('[<b>see</b> & @ada, <i>x</i>]\n', { inputPath: path.join(dir, 'p.md'), bibliography: 'refs.bib' });
    expect($('.citation b, .citation i')).toHaveLength(0);
    expect($('.citation').text()).toBe('(<b>see</b> & Lovelace, 1843, <i>x</i>)');
  });
});
