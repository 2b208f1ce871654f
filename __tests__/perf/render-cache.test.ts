import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMarkdown } from '../../src/markdown/index.js';
import { KATEX_OPTIONS, renderTex } from '../../src/markdown/math.js';
import { entrySize, RenderCache, renderCache } from '../../src/markdown/render-cache.js';
import { CacheStore } from '../../src/build/cache-store.js';

/** Render a document with the shared cache on or off; returns HTML and diagnostics. */
function render(src: string, options: { cache: boolean; macros?: Record<string, string>; file?: string }) {
  renderCache.enabled = options.cache;
  try {
    const { html, state } = createMarkdown({ macros: options.macros }).render(src, { inputPath: options.file ?? 'posts/doc.md', lineOffset: 0 });
    return { html, diagnostics: state.diagnostics };
  } finally {
    renderCache.enabled = true;
  }
}

const freshStats = () => {
  renderCache.resetUsage();
  return renderCache.stats;
};

// Definitions in one equation used by later ones, a redefinition, \let, \color (which
// KaTeX records as a macro), and an error raised inside a macro body defined earlier:
// KaTeX quotes the defining equation in that message, so replay must restore it exactly.
const DOC = [
  '$$',
  '\\newcommand{\\RR}{\\mathbb{R}}',
  '\\gdef\\pair#1#2{\\langle #1, #2 \\rangle}',
  '\\gdef\\broken{\\nosuchcommand}',
  '$$',
  '',
  'Then $\\pair{x}{y} \\in \\RR$ and $\\let\\QQ\\RR \\QQ^2$, $\\color{teal} a$ then $b$.',
  '',
  '$$\\renewcommand{\\RR}{\\mathbf{R}} \\RR^n$$',
  '',
  'Now $\\RR$ and $\\QQ$, and an error from a body defined above: $x + \\broken$.',
  '',
  '```python',
  'print("hi")',
  '```',
  '',
].join('\n');

describe('render cache', () => {
  beforeEach(() => renderCache.clear());

  test('a hit gives the same HTML and diagnostics as rendering without the cache', () => {
    const plain = render(DOC, { cache: false });
    const stats = freshStats();
    const first = render(DOC, { cache: true });
    expect(stats.mathMisses).toBeGreaterThan(5);
    expect(stats.mathHits).toBe(0);
    const again = freshStats();
    const second = render(DOC, { cache: true });
    expect(again.mathMisses).toBe(0);
    expect(again.mathHits).toBe(stats.mathMisses);
    expect(again.codeHits).toBe(1);
    expect(first).toEqual(plain);
    expect(second).toEqual(plain);
    // The error inside \broken is located and quoted as KaTeX does without a cache.
    expect(plain.diagnostics.map((d) => d.message).join('\n')).toContain('\\nosuchcommand');
  });

  test('replayed definitions stay in their document: another post does not see them', () => {
    render(DOC, { cache: true });
    const other = 'Only here: $\\pair{a}{b}$.\n';
    expect(render(other, { cache: true })).toEqual(render(other, { cache: false }));
    expect(render(other, { cache: true }).diagnostics[0].message).toMatch(/Undefined control sequence: \\pair/);
  });

  test('a changed macro in scope is a miss with different output', () => {
    const doc = 'Expect $\\E[X]$.\n';
    const a = render(doc, { cache: true, macros: { '\\E': '\\mathbb{E}' } });
    const stats = freshStats();
    const b = render(doc, { cache: true, macros: { '\\E': '\\mathrm{E}' } });
    expect(stats.mathMisses).toBe(1);
    expect(stats.mathHits).toBe(0);
    expect(b.html).not.toEqual(a.html);
    expect(b).toEqual(render(doc, { cache: false, macros: { '\\E': '\\mathrm{E}' } }));
  });

  test('a changed KaTeX option or display mode is a miss', () => {
    const cache = new RenderCache();
    const macros = {};
    const inline = cache.math('x^2', false, macros, KATEX_OPTIONS, renderTex);
    expect(cache.math('x^2', false, macros, KATEX_OPTIONS, renderTex)).toEqual(inline);
    expect(cache.stats).toMatchObject({ mathHits: 1, mathMisses: 1 });
    const display = cache.math('x^2', true, macros, KATEX_OPTIONS, renderTex);
    expect(display.html).not.toEqual(inline.html);
    const mathmlOnly = { ...KATEX_OPTIONS, output: 'mathml' };
    const withOption = (tex: string, displayMode: boolean, m: Record<string, string>) =>
      ({ html: renderTex(tex, displayMode, m).html.replace(/<span class="katex-html"[\s\S]*$/, ''), warnings: [] });
    cache.math('x^2', false, macros, mathmlOnly, withOption);
    expect(cache.stats).toMatchObject({ mathHits: 1, mathMisses: 3 });
  });

  /** A cache with room for exactly ten entries, holding k00…k09; `keys` runs on to k(count-1). */
  function fullCache(count: number) {
    const entry = { html: 'x'.repeat(100) };
    const keys = Array.from({ length: count }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const cache = new RenderCache(10 * entrySize(keys[0], entry));
    cache.load(keys.slice(0, 10).map((key) => [key, entry]));
    return { entry, keys, cache };
  }

  test('past its bound, it drops what this build has not used first, oldest first, then the oldest of the rest', () => {
    const { entry, keys, cache } = fullCache(12);
    cache.resetUsage();
    // This build uses two of the oldest; then one more entry arrives: the cache goes down
    // to nine tenths of its bound, skipping what was used.
    expect(cache.mathEntry('k00')).toEqual(entry);
    expect(cache.mathEntry('k01')).toEqual(entry);
    cache.load([[keys[10], entry]]);
    expect([...cache.allKeys()]).toEqual(['k00', 'k01', 'k04', 'k05', 'k06', 'k07', 'k08', 'k09', 'k10']);
    // Then the unused newcomer goes first, and the oldest of what is in use after it.
    cache.load([[keys[11], entry]]);
    for (const key of cache.allKeys()) cache.mathEntry(key);
    cache.load([['new', entry]]);
    expect([...cache.allKeys()]).toEqual(['k01', 'k04', 'k05', 'k06', 'k07', 'k08', 'k09', 'k10', 'k11']);
  });

  test('past its bound, an entry found again outlives older and newer ones never found again', () => {
    const { entry, keys, cache } = fullCache(11);
    // A worker's first batch meets k00 twice; the next batch (usage reset) meets neither.
    cache.resetUsage();
    expect(cache.mathEntry('k00')).toEqual(entry);
    cache.resetUsage();
    cache.load([[keys[10], entry]]);
    expect([...cache.allKeys()]).toEqual(['k00', 'k03', 'k04', 'k05', 'k06', 'k07', 'k08', 'k09', 'k10']);
  });

  test('entries survive on disk and replay macro definitions in a new process-like cache', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lemma-cache-'));
    const plain = render(DOC, { cache: false });
    render(DOC, { cache: true });
    new CacheStore({ dir }).save(renderCache);
    renderCache.clear();
    const loaded = new CacheStore({ dir }).load(renderCache);
    expect(loaded.corrupt).toEqual([]);
    expect(loaded.entries).toBeGreaterThan(5);
    const stats = freshStats();
    expect(render(DOC, { cache: true })).toEqual(plain);
    expect(stats.mathMisses).toBe(0);
    // A new equation after the replayed ones is rendered now, with the revived macros:
    // its error quotes the equation that defined \broken, exactly as without a cache.
    const edited = `${DOC}\nEdited: $\\pair{1}{2} + \\broken^2$.\n`;
    const editedPlain = render(edited, { cache: false });
    const missed = freshStats();
    expect(render(edited, { cache: true })).toEqual(editedPlain);
    expect(missed.mathMisses).toBe(1);
    expect(editedPlain.diagnostics.at(-1)?.message).toMatch(/nosuchcommand at position \d+: [\s\S]*gdef\\broken/);
  });

  test('corrupt segments are skipped and removed; the rest still loads', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lemma-cache-'));
    render(DOC, { cache: true });
    new CacheStore({ dir }).save(renderCache);
    const [good] = readdirSync(dir);
    const text = readFileSync(path.join(dir, good), 'utf8');
    writeFileSync(path.join(dir, 'seg-0-truncated.json'), text.slice(0, text.length / 2));
    writeFileSync(path.join(dir, 'seg-1-garbage.json'), '\u0000\u0001 not json');
    writeFileSync(path.join(dir, 'seg-2-wrong-shape.json'), JSON.stringify({ format: 'lemma-render-cache-1', entries: [['k', { html: 42 }]] }));
    renderCache.clear();
    const loaded = new CacheStore({ dir }).load(renderCache);
    expect(loaded.corrupt.sort()).toEqual(['seg-0-truncated.json', 'seg-1-garbage.json', 'seg-2-wrong-shape.json']);
    expect(loaded.segments).toBe(1);
    expect(readdirSync(dir)).toEqual([good]);
    const stats = freshStats();
    expect(render(DOC, { cache: true })).toEqual(render(DOC, { cache: false }));
    expect(stats.mathMisses).toBe(0);
  });

  test('a segment written a piece at a time is the JSON of the whole, byte for byte', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lemma-cache-'));
    const cache = new RenderCache();
    // Several hundred KB, so the file is written in many pieces; quotes, backslashes and
    // characters past U+FFFF, which JSON escapes or keeps.
    for (let i = 0; i < 300; i++) cache.math(`\\text{"${i}" \\\\ 𝔸} + \\frac{x_{${i}}}{\\sqrt{${i + 1}}}`, i % 2 === 0, {}, KATEX_OPTIONS, renderTex);
    cache.code('print("é")\n', 'python', 'test', () => '<pre>"é"\\</pre>');
    const entries = cache.entriesFor([...cache.allKeys()]);
    new CacheStore({ dir }).save(cache);
    const [segment] = readdirSync(dir);
    const text = readFileSync(path.join(dir, segment), 'utf8');
    expect(text.length).toBeGreaterThan(256 * 1024);
    expect(text).toBe(JSON.stringify({ format: 'lemma-render-cache-1', entries }));
  });

  test('the cache on disk stays within its size bound', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lemma-cache-'));
    const maxBytes = 64 * 1024;
    for (let round = 0; round < 6; round++) {
      const cache = new RenderCache();
      const store = new CacheStore({ dir, maxBytes });
      store.load(cache);
      for (let i = 0; i < 40; i++) cache.math(`x_{${round * 100 + i}} + \\frac{${i}}{${round + 2}}`, true, {}, KATEX_OPTIONS, renderTex);
      store.save(cache);
    }
    const bytes = readdirSync(dir).reduce((sum, f) => sum + readFileSync(path.join(dir, f)).length, 0);
    expect(bytes).toBeLessThanOrEqual(maxBytes * 1.5);
    expect(readdirSync(dir).some((f) => f.startsWith('.tmp-'))).toBe(false);
  });
});

describe('a build whose cache folder cannot be used', () => {
  test('warns, renders without it, and does not fail', async () => {
    const { BuildRenderCache } = await import('../../src/build/render-cache-setup.js');
    const notAFolder = path.join(mkdtempSync(path.join(tmpdir(), 'lemma-cache-')), 'file');
    writeFileSync(notAFolder, 'in the way');
    const messages: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => messages.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      const build = new BuildRenderCache({ threads: 0 }, { LEMMA_CACHE_DIR: notAFolder });
      await build.warm();
      render('Still rendered: $x^2$.\n', { cache: true });
      build.finish();
    } finally {
      process.stderr.write = write;
    }
    expect(messages).toEqual([
      expect.stringMatching(/^warning: Could not read the render cache in .*file \(.*\); rendering everything\.\n$/),
      expect.stringMatching(/^warning: Could not save the render cache to .*file \(.*\); the next build renders everything again\.\n$/),
    ]);
    expect(readFileSync(notAFolder, 'utf8')).toBe('in the way');
  });
});
