import { countEquations, generatePost, slugFor } from '../../bench/generate.js';
import { runBench } from '../../bench/run.js';
import { formatReport, ratios } from '../../bench/report.js';

describe('benchmark corpus', () => {
  test('the same seed gives the same post; another seed a different one', () => {
    expect(generatePost(7, 100, 1)).toEqual(generatePost(7, 100, 1));
    expect(generatePost(7, 100, 2)).not.toEqual(generatePost(7, 100, 1));
    expect(generatePost(8, 100, 1)).not.toEqual(generatePost(7, 100, 1));
  });

  test('posts look like math blog posts: ~48 equations, 3 code blocks, tags, links to other posts', () => {
    for (const index of [0, 1, 3, 42]) {
      const text = generatePost(index, 100);
      expect(countEquations(text)).toBeGreaterThanOrEqual(47);
      expect(countEquations(text)).toBeLessThanOrEqual(52);
      expect(text.match(/^```\w+$/gm)).toHaveLength(3);
      expect(text).toMatch(/^tags: \[[\w-]+(, [\w-]+)?\]$/m);
      const link = /\]\(\/posts\/(post-\d{4})\/\)/.exec(text);
      expect(link).not.toBeNull();
      expect(link![1]).not.toBe(slugFor(index));
      expect(Number(link![1].slice(5))).toBeLessThanOrEqual(100);
    }
  });

  test('display equations repeat less than inline ones, as in real blogs', () => {
    const inline = new Map<string, number>();
    const display = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const text = generatePost(i, 30);
      for (const [, tex] of text.matchAll(/^\$\$\n([\s\S]*?)\n\$\$$/gm)) display.set(tex, (display.get(tex) ?? 0) + 1);
      for (const [, tex] of text.replace(/^\$\$[\s\S]*?\$\$$/gm, '').matchAll(/\$([^$\n]+)\$/g)) inline.set(tex, (inline.get(tex) ?? 0) + 1);
    }
    const uniqueShare = (m: Map<string, number>) => m.size / [...m.values()].reduce((a, b) => a + b, 0);
    expect(uniqueShare(inline)).toBeLessThan(uniqueShare(display));
    expect(uniqueShare(display)).toBeGreaterThan(0.5);
  });
});

describe('benchmark runner', () => {
  test('builds a tiny corpus with Lemma and the baseline, cold and warm, and reports both', async () => {
    const report = await runBench({ posts: 2, engineRuns: { startup: 1, build: 1 } });
    for (const engine of [report.baseline, report.lemma]) {
      for (const run of [engine.cold, engine.warm]) {
        expect(run.pages).toBeGreaterThanOrEqual(3);
        expect(run.wallMs).toBeGreaterThan(0);
        expect(run.cpuMs).toBeGreaterThan(0);
        expect(run.maxRssBytes).toBeGreaterThan(20 * 1024 * 1024);
        expect(run.mathMs).toBeGreaterThan(0);
      }
    }
    // The warm Lemma build found the unchanged post's equations in the cache.
    expect(report.lemma.warm.equations!.fromCache).toBeGreaterThan(40);
    expect(report.lemma.cold.equations!.total).toBe(report.corpus.equations);
    expect(Object.values(ratios(report)).every((r) => r > 0)).toBe(true);
    const table = formatReport(report);
    expect(table).toMatch(/^cold build\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+×/m);
    expect(table).toMatch(/^warm build \(1 post changed\)/m);
    expect(table).toMatch(/^peak RSS/m);
    // The compiled engine next to tsx, each measured.
    expect(report.engine!.help.compiledMs).toBeGreaterThan(0);
    expect(report.engine!.build.tsxMs).toBeGreaterThan(0);
    expect(table).toMatch(/^lemma --help\s+\d+ ms\s+\d+ ms\s+[\d.]+×$/m);
    expect(table).toMatch(/^lemma build \(2 posts, no cache\)\s+\d+ ms\s+\d+ ms/m);
    expect(table).toMatch(/^node -e 0: \d+ ms/m);
  }, 300_000);
});
