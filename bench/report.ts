import type { CorpusStats } from './generate.js';
import type { BuildMeasurement } from './measure-build.js';
import { formatEngineTimes, type EngineTimes } from './engine-startup.js';

/** The benchmark's results and their side-by-side table. */

export type Measured = BuildMeasurement & { wallMs: number };

export interface BenchReport {
  corpus: CorpusStats;
  cores: number;
  node: string;
  /** 1-minute load average before and after the run: other work on the machine skews wall times. */
  load: [number, number];
  baseline: { cold: Measured; warm: Measured };
  lemma: { cold: Measured; warm: Measured };
  /** The compiled engine next to tsx (start-up, a small blog's build). */
  engine?: EngineTimes;
}

/** The targets, as ratios Lemma / baseline. */
export const TARGETS = { cold: 0.5, warm: 0.2, rss: 0.6 } as const;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const x = (r: number) => `${r.toFixed(2)}×`;

/** Rest = everything that is neither math nor highlighting (startup, Eleventy, templates, I/O). */
function split(m: Measured): string {
  const rest = Math.max(0, m.wallMs - m.mathMs - m.highlightMs);
  return `${s(m.mathMs)} / ${s(m.highlightMs)} / ${s(rest)}`;
}

export interface Ratios {
  cold: number;
  warm: number;
  rss: number;
}

export function ratios(r: BenchReport): Ratios {
  const peak = (m: { cold: Measured; warm: Measured }) => Math.max(m.cold.maxRssBytes, m.warm.maxRssBytes);
  return {
    cold: ratio(r.lemma.cold.wallMs, r.baseline.cold.wallMs),
    warm: ratio(r.lemma.warm.wallMs, r.baseline.warm.wallMs),
    rss: ratio(peak(r.lemma), peak(r.baseline)),
  };
}

export function formatReport(r: BenchReport): string {
  const q = ratios(r);
  const verdict = (value: number, target: number) => `${x(value)}  (target ≤ ${target}×: ${value <= target ? 'met' : 'NOT met'})`;
  const pagesPerSecond = (m: Measured) => `${Math.round(m.pages / (m.wallMs / 1000))}`;
  const rows: [string, string, string, string][] = [
    ['', 'baseline', 'Lemma', 'Lemma / baseline'],
    ['cold build', s(r.baseline.cold.wallMs), s(r.lemma.cold.wallMs), verdict(q.cold, TARGETS.cold)],
    ['warm build (1 post changed)', s(r.baseline.warm.wallMs), s(r.lemma.warm.wallMs), verdict(q.warm, TARGETS.warm)],
    ['CPU time, cold (user+sys)', s(r.baseline.cold.cpuMs), s(r.lemma.cold.cpuMs), x(ratio(r.lemma.cold.cpuMs, r.baseline.cold.cpuMs))],
    ['CPU time, warm (user+sys)', s(r.baseline.warm.cpuMs), s(r.lemma.warm.cpuMs), x(ratio(r.lemma.warm.cpuMs, r.baseline.warm.cpuMs))],
    ['peak RSS (cold / warm)', `${mb(r.baseline.cold.maxRssBytes)} / ${mb(r.baseline.warm.maxRssBytes)}`, `${mb(r.lemma.cold.maxRssBytes)} / ${mb(r.lemma.warm.maxRssBytes)}`, verdict(q.rss, TARGETS.rss)],
    ['pages/s (cold / warm)', `${pagesPerSecond(r.baseline.cold)} / ${pagesPerSecond(r.baseline.warm)}`, `${pagesPerSecond(r.lemma.cold)} / ${pagesPerSecond(r.lemma.warm)}`, ''],
    ['cold: math / highlight / rest', split(r.baseline.cold), split(r.lemma.cold), ''],
    ['warm: math / highlight / rest', split(r.baseline.warm), split(r.lemma.warm), ''],
    ['pages written', String(r.baseline.cold.pages), String(r.lemma.cold.pages), ''],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ').trimEnd());
  const eq = r.lemma.cold.equations;
  return [
    `${r.corpus.posts} posts, ${r.corpus.equations} equations, ${r.corpus.codeBlocks} code blocks · ${r.cores} cores · Node ${r.node} · load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`,
    '',
    ...lines,
    '',
    eq ? `Lemma cold build: ${eq.prerendered} documents pre-rendered on ${eq.threads} worker threads; math/highlight include that wall time.` : '',
    'Wall times are per build process, startup included; CPU time and peak RSS include worker threads and child',
    'processes (RSS: the largest process). A load average above the core count means other work shared the CPUs.',
    ...(r.engine ? ['', formatEngineTimes(r.engine)] : []),
  ].join('\n');
}
