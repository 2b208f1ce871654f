import { createMarkdown, MathTable, type DocumentState, type LemmaEnv } from '../../src/markdown/index.js';
import { renderCache } from '../../src/markdown/render-cache.js';

// A post with prose, headings, inline and display math, a macro of its own, code, and
// a broken equation (its diagnostic must come back from the cache with its line).
const SOURCE = [
  '# Gradient descent',
  '',
  'We minimise $f(\\theta)$ with step $\\eta$, and $\\newcommand{\\Rn}{\\mathbb{R}^n}x \\in \\Rn$.',
  '',
  '## The update',
  '',
  '$$',
  '\\theta_{t+1} = \\theta_t - \\eta \\nabla f(\\theta_t)',
  '$$',
  '',
  'Again $f(\\theta)$, and a broken one: $\\frac{1}{$.',
  '',
  '```python',
  'theta -= eta * grad(theta)',
  '```',
].join('\n');

function pipeline(context = 'context') {
  const table = new MathTable();
  const states: DocumentState[] = [];
  const lemma = createMarkdown({ macros: { '\\E': '\\mathbb{E}' }, mathTable: table, documentCache: { context: () => context }, onDocument: (s) => states.push(s) });
  // Counts full renders: a document from the cache is never parsed.
  let parses = 0;
  const parse = lemma.md.parse.bind(lemma.md);
  lemma.md.parse = (src, env) => {
    parses++;
    return parse(src, env);
  };
  const render = (src = SOURCE, env: LemmaEnv = { inputPath: 'posts/gd.md', lineOffset: 4 }) => table.expand(lemma.md.render(src, env));
  return { render, states, parses: () => parses };
}

/** The parts of a document's state a page depends on. */
const essentials = (s: DocumentState) => ({ file: s.file, lineOffset: s.lineOffset, diagnostics: s.diagnostics, headings: s.headings, mathCount: s.mathCount });

beforeEach(() => {
  renderCache.clear();
  renderCache.enabled = true;
});

test('a document rendered before comes back whole from the cache: same HTML, diagnostics and headings, nothing parsed', () => {
  const first = pipeline();
  const html = first.render();
  expect(first.parses()).toBe(1);
  expect(html).toContain('class="katex"');
  expect(first.states[0].diagnostics).toEqual([expect.objectContaining({ severity: 'error', kind: 'math', file: 'posts/gd.md', line: 15 })]);

  // A new build: new table, same cache.
  const second = pipeline();
  expect(second.render()).toBe(html);
  expect(second.parses()).toBe(0);
  expect(essentials(second.states[0])).toEqual(essentials(first.states[0]));
  expect(second.states[0].headings.map((h) => h.text)).toEqual(['The update']);
});

test('anything that changes the output is a miss: source, file, front matter lines, macros or numbering, context', () => {
  const reference = pipeline().render();
  const cases: [string, (p: ReturnType<typeof pipeline>) => string][] = [
    ['source', (p) => p.render(`${SOURCE}\n\nOne more line.`)],
    ['file', (p) => p.render(SOURCE, { inputPath: 'posts/other.md', lineOffset: 4 })],
    ['front matter length', (p) => p.render(SOURCE, { inputPath: 'posts/gd.md', lineOffset: 6 })],
    ['front matter macros', (p) => p.render(SOURCE, { inputPath: 'posts/gd.md', lineOffset: 4, math: { macros: { '\\eta': '\\alpha' } } })],
    ['front matter numbering', (p) => p.render(SOURCE, { inputPath: 'posts/gd.md', lineOffset: 4, math: { numbering: false } })],
  ];
  for (const [what, renderChanged] of cases) {
    const p = pipeline();
    renderChanged(p);
    expect({ what, parses: p.parses() }).toEqual({ what, parses: 1 });
  }
  // Front matter macros reach the equations of a cached document too.
  const redefined = pipeline().render(SOURCE, { inputPath: 'posts/gd.md', lineOffset: 4, math: { macros: { '\\eta': '\\alpha' } } });
  expect(redefined).not.toBe(reference);
  const withOtherContext = pipeline('other context');
  expect(withOtherContext.render()).toBe(reference);
  expect(withOtherContext.parses()).toBe(1);
});

test('an equation gone from the cache, or a damaged entry, means rendering the document again, correctly', () => {
  const reference = pipeline().render();
  // Drop every equation entry (keys start with "m"), keep the documents.
  const keep = [...renderCache.allKeys()].filter((key) => !key.startsWith('m'));
  const kept = renderCache.entriesFor(keep);
  renderCache.clear();
  renderCache.load(kept);
  const afterEviction = pipeline();
  expect(afterEviction.render()).toBe(reference);
  expect(afterEviction.parses()).toBe(1);

  // Damage every document entry: still the same page, rendered.
  const damaged = renderCache.entriesFor([...renderCache.allKeys()]).map(([key, entry]): [string, typeof entry] => [key, key.startsWith('x') ? '{"parts":' : entry]);
  renderCache.clear();
  renderCache.load(damaged);
  const afterDamage = pipeline();
  expect(afterDamage.render()).toBe(reference);
  expect(afterDamage.parses()).toBe(1);
});

test('with the render cache off, every document is rendered', () => {
  renderCache.enabled = false;
  const p = pipeline();
  const html = p.render();
  expect(p.render()).toBe(html);
  expect(p.parses()).toBe(2);
});

test('a document with front matter problems is never cached (their lines come from the front matter)', () => {
  const env = () => ({ inputPath: 'posts/gd.md', lineOffset: 4, math: { numbering: 'yes' } });
  const first = pipeline();
  first.render(SOURCE, env());
  expect(first.states[0].diagnostics.map((d) => d.kind)).toContain('front-matter');
  const second = pipeline();
  second.render(SOURCE, env());
  expect(second.parses()).toBe(1);
});

test('labelled equations and math references come back with their ids and links', () => {
  // The ids on numbered lines and the link around `\eqref{…}` of a TeX tag are added after KaTeX.
  const src = 'See \\eqref{eq:a} and \\eqref{eq:star}.\n\n$$\nx = 1 \\label{eq:a}\n$$\n\n$$\ny = 2 \\tag{$\\ast$} \\label{eq:star}\n$$\n';
  const html = pipeline().render(src);
  expect(html).toContain('id="eq:a"');
  expect(html).toContain('<a class="eqref" href="#eq:star"><span class="katex">');
  const second = pipeline();
  expect(second.render(src)).toBe(html);
  expect(second.parses()).toBe(0);
});
