import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../../helpers/project.js';
import { CHROMIUM_ARGS, requireChromium } from './chromium.js';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface CategoryResult {
  score: number;
  /** The category's scored audits below 1, as `id (score): title — value`: why the score dropped. */
  shortfalls: string[];
}

export interface LighthouseResult {
  categories: Record<Category, CategoryResult>;
  /** Core timings in ms (CLS unitless), as Lighthouse simulated them. */
  metrics: Record<string, number>;
  reportPath: string;
}

/** Lighthouse's JSON report, the parts read here. */
interface Report {
  categories: Record<Category, { score: number; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { score: number | null; scoreDisplayMode: string; title: string; displayValue?: string; numericValue?: number }>;
  runWarnings: string[];
}

/**
 * Run the Lighthouse CLI (12.2.3, default mobile settings with simulated throttling) on a
 * URL with our Chromium, as a separate process, writing JSON and HTML reports to
 * `test-results/lighthouse/<name>.report.{json,html}`.
 */
export async function runLighthouse(url: string, name: string): Promise<LighthouseResult> {
  // Written privately first (another run may share test-results/), then copied there for people.
  const workDir = mkdtempSync(path.join(tmpdir(), 'lemma-lighthouse-'));
  const base = path.join(workDir, name);
  const cli = path.join(REPO, 'node_modules/lighthouse/cli/index.js');
  const args = [cli, url, '--quiet', '--output=json', '--output=html', `--output-path=${base}`, `--only-categories=${CATEGORIES.join(',')}`, `--chrome-flags=${CHROMIUM_ARGS.join(' ')}`];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, NODE_OPTIONS: '', CHROME_PATH: requireChromium() } });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit, output: text }));
  });
  if (code !== 0) throw new Error(`Lighthouse failed on ${url} (exit ${code}):\n${output}`);

  const report = JSON.parse(readFileSync(`${base}.report.json`, 'utf8')) as Report;
  const outDir = path.join(REPO, 'test-results/lighthouse');
  mkdirSync(outDir, { recursive: true });
  for (const ext of ['json', 'html']) copyFileSync(`${base}.report.${ext}`, path.join(outDir, `${name}.report.${ext}`));
  rmSync(workDir, { recursive: true, force: true });
  const reportPath = path.join(outDir, `${name}.report.html`);

  const categories = Object.fromEntries(
    CATEGORIES.map((c) => {
      const shortfalls = report.categories[c].auditRefs
        .filter((ref) => ref.weight > 0)
        .map((ref) => [ref.id, report.audits[ref.id]] as const)
        .filter(([, a]) => a.score !== null && a.score < 1)
        .map(([id, a]) => `${id} (${a.score}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
      return [c, { score: report.categories[c].score, shortfalls }];
    }),
  ) as Record<Category, CategoryResult>;
  const metricIds = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
  const metrics = Object.fromEntries(metricIds.map((id) => [id, report.audits[id].numericValue ?? NaN]));
  return { categories, metrics, reportPath };
}
