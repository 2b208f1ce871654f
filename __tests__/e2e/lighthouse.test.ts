import { PAGES } from './support/pages.js';
import { runLighthouse, type LighthouseResult } from './support/lighthouse.js';
import { e2eSite, type E2eSite } from './support/site.js';

let site: E2eSite;

beforeAll(() => {
  site = e2eSite();
});

/**
 * Lighthouse 12.2.3 with its default mobile profile (simulated slow 4G, 4× CPU slowdown)
 * against the blog served with compression, as GitHub Pages serves it. Every category
 * must score 1.00; the audits that cost points are listed when one does not.
 */
describe.each([
  ['home page', PAGES.home, 'home'],
  ['math post', PAGES.mathPost, 'math-post'],
])('Lighthouse on the %s', (_name, pagePath, reportName) => {
  let result: LighthouseResult;
  beforeAll(async () => {
    result = await runLighthouse(site.url(pagePath), reportName);
  }, 180_000);

  test.each(['performance', 'accessibility', 'best-practices', 'seo'] as const)('%s scores 1.00', (category) => {
    const { score, shortfalls } = result.categories[category];
    // Scored as Lighthouse shows it (0–100, rounded). On failure the diff lists the audits
    // that cost points, and where the full report is.
    expect({ score: Math.round(score * 100) / 100, shortfalls, report: result.reportPath }).toEqual({ score: 1, shortfalls: expect.any(Array), report: result.reportPath });
  });
});
