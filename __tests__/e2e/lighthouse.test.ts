import { PAGES } from './support/pages.js';
import { runLighthouse, type Category, type LighthouseResult } from './support/lighthouse.js';
import { e2eSite, type E2eSite } from './support/site.js';

let site: E2eSite;

beforeAll(() => {
  site = e2eSite();
});

/** As Lighthouse shows a score: 0–100, rounded. */
const shown = (score: number) => Math.round(score * 100) / 100;

/**
 * Lighthouse 12.2.3 with its default mobile profile (simulated slow 4G, 4× CPU slowdown)
 * against the blog served with compression, as GitHub Pages serves it. Every category
 * must score 100.
 *
 * Performance is simulated from the CPU time this machine measured, so a machine busy
 * with other work inflates it. As Lighthouse's guidance on variability advises, a
 * performance score below 100 is measured twice more and the median of the three
 * counts; the other categories do not vary between runs.
 */
describe.each([
  ['home page', PAGES.home, 'home'],
  ['math post', PAGES.mathPost, 'math-post'],
])('Lighthouse on the %s', (_name, pagePath, reportName) => {
  let first: LighthouseResult;
  let timed: LighthouseResult;
  beforeAll(async () => {
    first = await runLighthouse(site.url(pagePath), reportName);
    timed = first;
    if (shown(first.categories.performance.score) < 1) {
      const runs = [first, await runLighthouse(site.url(pagePath), `${reportName}-2`), await runLighthouse(site.url(pagePath), `${reportName}-3`)];
      timed = runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score)[1];
    }
  }, 300_000);

  test.each(['performance', 'accessibility', 'best-practices', 'seo'] as Category[])('%s scores 100', (category) => {
    const result = category === 'performance' ? timed : first;
    const { score, shortfalls } = result.categories[category];
    // On failure the diff lists the audits that cost points, the timings, and the report.
    expect({ score: shown(score), shortfalls, metrics: result.metrics, report: result.reportPath }).toEqual({
      score: 1,
      shortfalls: expect.any(Array),
      metrics: expect.any(Object),
      report: result.reportPath,
    });
  });
});
