import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { layerProject, needsLayers } from '../src/project-layers.js';
import { makeProject, REPO } from './helpers/project.js';

describe("a posts-only blog's site/ over the engine's", () => {
  const made: string[] = [];
  const temp = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  test('the engine itself and a full copy of its site/ build where they are; a posts-only blog is layered', () => {
    expect(needsLayers(REPO)).toBe(false);
    const copy = makeProject({});
    made.push(copy);
    expect(needsLayers(copy)).toBe(false);
    const blog = temp('lemma-posts-only-');
    mkdirSync(path.join(blog, 'posts'));
    expect(needsLayers(blog)).toBe(true);
    unlinkSync(path.join(copy, 'site/pages/404.njk'));
    expect(needsLayers(copy)).toBe(true);
  });

  test("the blog's files win, the engine's fill in, the blog's folders are linked, and nothing of the blog changes", () => {
    const blog = temp('lemma-posts-only-');
    mkdirSync(path.join(blog, 'posts'));
    writeFileSync(path.join(blog, 'posts/a.md'), '---\ntitle: A\ndate: 2026-01-01\n---\nA.\n');
    mkdirSync(path.join(blog, 'site/_includes/partials'), { recursive: true });
    writeFileSync(path.join(blog, 'site/site.json'), '{"title":"Mine"}');
    writeFileSync(path.join(blog, 'site/_includes/partials/post-meta.njk'), 'mine');
    writeFileSync(path.join(blog, 'site/extra.txt'), 'only mine');
    mkdirSync(path.join(blog, 'node_modules'));

    const layered = layerProject(blog, { ensure: ['_site', '.cache'] });
    made.push(layered.dir);
    const at = (file: string) => path.join(layered.dir, file);
    expect(readFileSync(at('site/site.json'), 'utf8')).toBe('{"title":"Mine"}');
    expect(readFileSync(at('site/_includes/partials/post-meta.njk'), 'utf8')).toBe('mine');
    expect(readFileSync(at('site/extra.txt'), 'utf8')).toBe('only mine');
    expect(readFileSync(at('site/_includes/layouts/base.njk'), 'utf8')).toBe(readFileSync(path.join(REPO, 'site/_includes/layouts/base.njk'), 'utf8'));
    // site/ files are real files (Eleventy would copy a linked asset as a link); folders are links.
    expect(lstatSync(at('site/assets/css/lemma.css')).isSymbolicLink()).toBe(false);
    for (const folder of ['posts', '_site', '.cache']) expect(realpathSync(at(folder))).toBe(realpathSync(path.join(blog, folder)));
    expect(existsSync(at('node_modules'))).toBe(false);

    // A change while serving: the blog's new file replaces the engine's; removing it brings the engine's back.
    mkdirSync(path.join(blog, 'site/_includes/layouts'));
    writeFileSync(path.join(blog, 'site/_includes/layouts/base.njk'), 'my base');
    layered.refresh('_includes/layouts/base.njk');
    expect(readFileSync(at('site/_includes/layouts/base.njk'), 'utf8')).toBe('my base');
    unlinkSync(path.join(blog, 'site/_includes/layouts/base.njk'));
    layered.refresh('_includes/layouts/base.njk');
    expect(readFileSync(at('site/_includes/layouts/base.njk'), 'utf8')).toBe(readFileSync(path.join(REPO, 'site/_includes/layouts/base.njk'), 'utf8'));
    unlinkSync(path.join(blog, 'site/extra.txt'));
    layered.refresh('extra.txt');
    expect(existsSync(at('site/extra.txt'))).toBe(false);

    layered.remove();
    expect(existsSync(layered.dir)).toBe(false);
    expect(readFileSync(path.join(blog, 'posts/a.md'), 'utf8')).toContain('title: A');
    expect(existsSync(path.join(blog, '_site'))).toBe(true);
  });
});
