import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { makeProject, post } from '../helpers/project.js';
import { build } from '../../src/build/eleventy.js';
import { markdownSources, prerender } from '../../src/build/prerender.js';
import { BuildRenderCache } from '../../src/build/render-cache-setup.js';
import { RenderCache, renderCache } from '../../src/markdown/render-cache.js';

const POSTS = 40;
const EQUATIONS = 250;

/**
 * Posts heavy enough that one worker takes seconds over them, far longer than Eleventy
 * needs to read 40 files: every equation distinct, so no memo saves the worker any.
 */
function heavyPosts(): Record<string, string> {
  const posts: Record<string, string> = {};
  for (let p = 0; p < POSTS; p++) {
    const lines = [];
    for (let e = 0; e < EQUATIONS; e++) lines.push(`Step ${e}: $\\frac{${p}}{${e}} + \\sum_{k=1}^{${e}} x_k^{${p}} = \\sqrt{${p * EQUATIONS + e}}$.`, '');
    lines.push('```js', `const post = ${p};`, '```', '');
    posts[`heavy-${p}.md`] = post({ title: `Heavy ${p}`, date: '2025-01-01' }, lines.join('\n'));
  }
  return posts;
}

function inDir<T>(dir: string, run: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(dir);
  return run().finally(() => process.chdir(cwd));
}

describe('the cold build pre-render', () => {
  const project = makeProject(heavyPosts());

  test('Eleventy reads the project meanwhile, and renders no Markdown before the worker is done', async () => {
    const out = path.join(project, '_site');
    const { performance: p } = await inDir(project, () =>
      build({ outputDir: out, render: { cache: false, threads: 1 } }),
    );
    // Each document was pre-rendered whole, and the build then took every post from the
    // cache without parsing it: had Eleventy rendered while the worker was still busy,
    // the posts the worker had not reached would have been rendered here (misses).
    expect(p.prerender.failures).toEqual([]);
    expect(p.prerender.documents).toBe(markdownSources(project).length);
    expect(p.render.documentHits).toBeGreaterThanOrEqual(POSTS);
    expect(p.render.mathHits).toBeGreaterThanOrEqual(POSTS * EQUATIONS);
    expect(p.render.mathMisses).toBe(0);
    expect(p.render.codeMisses).toBe(0);
    expect(readdirSync(path.join(out, 'posts'))).toHaveLength(POSTS);
    rmSync(out, { recursive: true });
  }, 120_000);

  test('a build that stops early stops the workers: the pre-render ends without finishing or failing', async () => {
    const total = markdownSources(project).length;
    const setup = new BuildRenderCache({ cache: false, threads: 1 });
    const started = performance.now();
    await inDir(project, async () => {
      setup.start();
      // Stop once the first batch is in: the worker is then busy with the next one.
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (renderCache.size === 0) return;
          clearInterval(poll);
          resolve();
        }, 5);
      });
      setup.abort();
      await setup.ready();
    });
    const stopped = performance.now() - started;
    const { prerender: p } = setup.performance;
    expect(p.documents).toBeGreaterThan(0);
    expect(p.documents).toBeLessThan(total);
    expect(p.failures).toEqual([]);

    // The whole pre-render, for comparison, takes longer than that.
    const cache = new RenderCache();
    const everything = performance.now();
    const full = await prerender({ cache, macros: {}, threads: 1, force: true, root: project });
    expect(full.documents).toBe(total);
    expect(performance.now() - everything).toBeGreaterThan(stopped);
  }, 120_000);
});
