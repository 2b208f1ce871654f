import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type MarkdownIt from 'markdown-it';
import Eleventy from '@11ty/eleventy';

/**
 * One build, run as a child process by `bench/run.ts` so that each build starts cold and
 * its peak memory is its own: `measure-build.ts <lemma|baseline> <project> <result.json>`.
 * Writes wall time inside the process, peak RSS (worker threads included), pages
 * written, and the time spent in math and in code highlighting.
 */

export interface BuildMeasurement {
  engine: 'lemma' | 'baseline';
  /** Time from process start to the end of the build. */
  ms: number;
  maxRssBytes: number;
  /** User + system CPU time of the build (worker threads and child processes included). */
  cpuMs: number;
  pages: number;
  mathMs: number;
  highlightMs: number;
  /** Lemma only: where equations came from. */
  equations?: { total: number; fromCache: number; prerendered: number; threads: number };
}

const BASELINE_CONFIG = path.join(path.dirname(fileURLToPath(import.meta.url)), 'baseline/eleventy.config.js');

function countPages(dir: string): number {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.html')).length;
}

/** Time KaTeX (the plugin renders in its renderer rules) and Prism (markdown-it's highlight). */
function instrument(md: MarkdownIt, times: { mathMs: number; highlightMs: number }): void {
  const time = <A extends unknown[], R>(fn: (...args: A) => R, field: 'mathMs' | 'highlightMs') =>
    (...args: A): R => {
      const started = performance.now();
      try {
        return fn(...args);
      } finally {
        times[field] += performance.now() - started;
      }
    };
  const render = md.render.bind(md);
  let wrapped = false;
  md.render = (src, env) => {
    if (!wrapped) {
      // Plugins are all in place by the first render.
      wrapped = true;
      for (const rule of ['math_inline', 'math_block'] as const) {
        const original = md.renderer.rules[rule];
        if (original) md.renderer.rules[rule] = time(original, 'mathMs');
      }
      if (md.options.highlight) md.options.highlight = time(md.options.highlight, 'highlightMs');
    }
    return render(src, env);
  };
}

async function measureBaseline(): Promise<Omit<BuildMeasurement, 'ms' | 'maxRssBytes' | 'cpuMs' | 'pages'>> {
  const times = { mathMs: 0, highlightMs: 0 };
  const eleventy = new Eleventy('.', '_site', {
    configPath: BASELINE_CONFIG,
    quietMode: true,
    source: 'cli',
    runMode: 'build',
    config: (config) => config.amendLibrary('md', (md: MarkdownIt) => instrument(md, times)),
  });
  await eleventy.write();
  return { engine: 'baseline', ...times };
}

async function measureLemma(): Promise<Omit<BuildMeasurement, 'ms' | 'maxRssBytes' | 'cpuMs' | 'pages'>> {
  const { build } = await import('../src/build/eleventy.js');
  const { performance: p } = await build({ outputDir: '_site', quiet: true });
  // Worker time is CPU time over all threads; count the wall time of the pre-render,
  // split between math and code as the workers spent it.
  const workerMs = p.prerender.mathMs + p.prerender.codeMs;
  const share = workerMs > 0 ? p.prerender.ms / workerMs : 0;
  return {
    engine: 'lemma',
    mathMs: p.render.mathMs + p.prerender.mathMs * share,
    highlightMs: p.render.codeMs + p.prerender.codeMs * share,
    equations: {
      total: p.render.mathHits + p.render.mathMisses,
      fromCache: p.render.mathHits,
      prerendered: p.prerender.documents,
      threads: p.prerender.threads,
    },
  };
}

const [engine, project, out] = process.argv.slice(2);
if (!['lemma', 'baseline'].includes(engine) || !project || !out) {
  console.error('usage: measure-build.ts <lemma|baseline> <project-dir> <result.json>');
  process.exit(2);
}
process.chdir(project);
const measured = engine === 'lemma' ? await measureLemma() : await measureBaseline();
const result: BuildMeasurement = {
  ...measured,
  ms: performance.now(),
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
  pages: countPages('_site'),
};
writeFileSync(out, JSON.stringify(result));
