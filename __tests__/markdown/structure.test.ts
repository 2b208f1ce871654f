import { load } from 'cheerio';
import { renderToc } from '../../src/markdown/index.js';
import { slugify } from '../../src/markdown/headings.js';
import { render } from '../helpers/render.js';

describe('headings', () => {
  test('readable ids and a # link after every heading', () => {
    const { $ } = render("## Euler's identity\n\n### Proof of Theorem 2.1\n\n#### Déjà vu\n");
    expect($('h2').attr('id')).toBe('eulers-identity');
    expect($('h3').attr('id')).toBe('proof-of-theorem-21');
    expect($('h4').attr('id')).toBe('déjà-vu');
    const anchors = $('a.heading-anchor');
    expect(anchors.map((_, a) => $(a).attr('href')).get()).toEqual(['#eulers-identity', '#proof-of-theorem-21', '#déjà-vu']);
    // The link sits after the heading, not inside it, so the heading text stays clean.
    expect($('h2').text()).toBe("Euler's identity");
    expect(anchors.first().find('.visually-hidden').text()).toContain("Euler's identity");
  });

  test('ids are unique within a page and restart for the next document', () => {
    const { $ } = render('## Setup\n\n## Setup\n\n## Setup\n');
    expect($('h2').map((_, h) => $(h).attr('id')).get()).toEqual(['setup', 'setup-1', 'setup-2']);
    const again = render('## Setup\n');
    expect(again.$('h2').attr('id')).toBe('setup');
  });

  test('headings with math and code get ids from their text, TeX included, as on GitHub', () => {
    const { $, state } = render('## The case $n = 1$ and `init()`\n');
    expect($('h2').attr('id')).toBe('the-case-n--1-and-init');
    expect($('h2 .katex')).toHaveLength(1);
    expect(state.headings).toEqual([{ level: 2, id: 'the-case-n--1-and-init', text: 'The case  and init()' }]);
  });

  // GitHub's ids (github-slugger; Kramdown GFM makes the same), which posts' own tables of
  // contents link to: no split at camelCase or digits, Unicode letters kept, dashes dropped.
  test.each([
    ['AlexNet', 'alexnet'],
    ['TD3', 'td3'],
    ['RoI pooling', 'roi-pooling'],
    ['ε-greedy exploration', 'ε-greedy-exploration'],
    ['Kullback–Leibler divergence', 'kullbackleibler-divergence'],
    ['What is `SAC`?', 'what-is-sac'],
  ])('heading %j gets GitHub\'s id %j in the heading, its anchor and the TOC', (heading, id) => {
    const { $, state } = render(`## ${heading}\n\n## Two\n\n## Three\n`);
    expect($('h2').first().attr('id')).toBe(id);
    expect($('a.heading-anchor').first().attr('href')).toBe(`#${id}`);
    expect(load(renderToc(state.headings))('nav.toc a').first().attr('href')).toBe(`#${id}`);
  });

  test('duplicate headings are numbered as GitHub numbers them', () => {
    const { $ } = render('## Setup\n\n## Setup\n\n## Setup 1\n\n## Setup\n');
    expect($('h2').map((_, h) => $(h).attr('id')).get()).toEqual(['setup', 'setup-1', 'setup-1-1', 'setup-2']);
  });

  test('slugify never returns an empty id', () => {
    expect(slugify('∑')).toBe('section');
  });
});

describe('table of contents', () => {
  const doc = '# Title\n\n## One\n\n### One point one\n\n## Two\n\n#### Deep\n\n## Three\n';

  test('h2–h3 outline recorded, nested, with in-page links', () => {
    const { state } = render(doc);
    expect(state.headings.map((h) => `${h.level}:${h.id}`)).toEqual(['2:one', '3:one-point-one', '2:two', '2:three']);
    const $ = load(renderToc(state.headings));
    expect($('nav.toc > details > ol > li')).toHaveLength(3);
    expect($('nav.toc > details > ol > li').first().find('ol > li > a').attr('href')).toBe('#one-point-one');
    expect($('nav.toc a').map((_, a) => $(a).attr('href')).get()).toEqual(['#one', '#one-point-one', '#two', '#three']);
  });

  test('no TOC for fewer than three headings', () => {
    const { state } = render('## One\n\n## Two\n');
    expect(renderToc(state.headings)).toBe('');
  });

  test('heading text is escaped in the TOC', () => {
    const html = renderToc([
      { level: 2, id: 'a', text: '<script>x</script>' },
      { level: 2, id: 'b', text: 'B' },
      { level: 2, id: 'c', text: 'C' },
    ]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('containers', () => {
  test('details with a title, Markdown and math inside', () => {
    const { $ } = render('::: details Proof sketch\nBy **induction** on $n$.\n\n$$\nn + 1\n$$\n:::\n');
    expect($('details > summary').text()).toBe('Proof sketch');
    expect($('details strong').text()).toBe('induction');
    expect($('details .katex')).toHaveLength(2);
  });

  test('details without a title gets "Details"; titles may hold inline math', () => {
    expect(render('::: details\nx\n:::\n').$('summary').text()).toBe('Details');
    expect(render('::: details Proof of $a<b$\nx\n:::\n').$('summary .katex')).toHaveLength(1);
  });

  test('callouts: note, tip, warning, with default or custom title', () => {
    const { $ } = render('::: note\nA.\n:::\n\n::: tip Fast path\nB.\n:::\n\n::: warning\nC.\n:::\n');
    expect($('aside.callout').map((_, a) => $(a).attr('class')).get()).toEqual([
      'callout callout-note',
      'callout callout-tip',
      'callout callout-warning',
    ]);
    expect($('.callout-title').map((_, t) => $(t).text()).get()).toEqual(['Note', 'Fast path', 'Warning']);
  });

  test('titles are inline Markdown; the label for screen readers is plain, escaped text', () => {
    const { $ } = render('::: note Mind the *gap* "here"\nA.\n:::\n');
    expect($('.callout-title em').text()).toBe('gap');
    expect($('aside').attr('aria-label')).toBe('Mind the *gap* "here"');
  });
});

describe('code, footnotes, tables, blockquotes', () => {
  test('code is highlighted at build time with Prism token spans', () => {
    const { $ } = render('```python\ndef f(x):\n    return x ** 2\n```\n');
    expect($('pre.language-python > code.language-python')).toHaveLength(1);
    expect($('span.token.keyword').first().text()).toBe('def');
    expect($('span.token.function').text()).toBe('f');
  });

  test('unknown languages and plain fences are escaped, not dropped', () => {
    const { $ } = render('```nosuchlang\n<b>x</b>\n```\n\n```\n<i>y</i>\n```\n');
    expect($('pre code').first().text()).toBe('<b>x</b>\n');
    expect($('b, i')).toHaveLength(0);
  });

  test('footnotes, tables and blockquotes', () => {
    const { $ } = render('Claim[^1].\n\n[^1]: Source.\n\n| a | b |\n|---|---|\n| $x$ | 2 |\n\n> quoted $y$\n');
    expect($('sup.footnote-ref a').attr('href')).toBe('#fn1');
    expect($('section.footnotes li#fn1').text()).toContain('Source.');
    expect($('table td .katex')).toHaveLength(1);
    expect($('blockquote .katex')).toHaveLength(1);
  });
});
