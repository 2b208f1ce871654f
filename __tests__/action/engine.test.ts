import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findEngineRoot, prepareProject } from '../../src/action/engine.js';
import { REPO } from '../helpers/project.js';
import { makeWorkspace } from './run-action.js';

describe('where the engine builds', () => {
  test('the engine is found from anywhere inside it (dist/ or src/action/)', () => {
    expect(findEngineRoot(path.join(REPO, 'dist'))).toBe(REPO);
    expect(findEngineRoot(path.join(REPO, 'src/action'))).toBe(REPO);
    expect(() => findEngineRoot(tmpdir())).toThrow(/Cannot find the Lemma engine/);
  });

  test('a repository made from the template is built where it is', () => {
    expect(prepareProject({ workingDirectory: REPO, engineRoot: REPO, tempDir: tmpdir() })).toEqual({ dir: REPO, assembled: false });
  });

  test('a posts-only repository is layered over the engine templates, keeping its own settings, files and cache', () => {
    const workspace = makeWorkspace();
    mkdirSync(path.join(workspace, 'site/_includes/partials'), { recursive: true });
    writeFileSync(path.join(workspace, 'site/_includes/partials/post-meta.njk'), '<p class="mine">{{ title }}</p>');
    mkdirSync(path.join(workspace, 'posts/with-figure'));
    writeFileSync(path.join(workspace, 'posts/with-figure/plot.svg'), '<svg/>');

    const { dir, assembled } = prepareProject({ workingDirectory: workspace, engineRoot: REPO, tempDir: tmpdir() });
    expect(assembled).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'site/site.json'), 'utf8')).title).toBe("Octo's notes");
    expect(readFileSync(path.join(dir, 'site/_includes/partials/post-meta.njk'), 'utf8')).toContain('class="mine"');
    expect(readFileSync(path.join(dir, 'site/_includes/layouts/base.njk'), 'utf8')).toBe(readFileSync(path.join(REPO, 'site/_includes/layouts/base.njk'), 'utf8'));
    expect(existsSync(path.join(dir, 'posts/softmax.md'))).toBe(true);
    expect(existsSync(path.join(dir, 'posts/with-figure/plot.svg'))).toBe(true);
    expect(lstatSync(path.join(dir, '.cache')).isSymbolicLink()).toBe(true);
    expect(realpathSync(path.join(dir, '.cache'))).toBe(realpathSync(path.join(workspace, '.cache')));
    // The author's files are copied, never changed.
    expect(readFileSync(path.join(REPO, 'site/_includes/partials/post-meta.njk'), 'utf8')).not.toContain('class="mine"');
  });
});
