import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { actionReference, blogOverrides, defaultEngineSpec, packageNameFromFolder, titleFromFolder } from '../../src/commands/init.js';
import { REPO, runCli } from '../helpers/project.js';

describe('lemma init', () => {
  test('names the blog after its folder', () => {
    expect(titleFromFolder('my-blog')).toBe('My blog');
    expect(titleFromFolder('notes_on_ML')).toBe('Notes on ML');
    expect(packageNameFromFolder('Notes on ML!')).toBe('notes-on-ml');
  });

  test('depends on this engine by a relative file: path, or asks for --engine when it is an installed package', () => {
    expect(defaultEngineSpec(path.join(path.dirname(REPO), 'my-blog'))).toBe(`file:../${path.basename(REPO)}`);
    expect(defaultEngineSpec(path.join(REPO, 'blog'))).toBe('file:..');
    expect(() => defaultEngineSpec('/home/a/blog', '/home/a/other/node_modules/lemma')).toThrow(/--engine/);
  });

  test("pins the action to the engine's repository and major version", () => {
    expect(actionReference({ version: '1.4.2', repository: { url: 'git+https://github.com/octo/lemma.git' } })).toBe('octo/lemma@v1');
    expect(actionReference({ version: '2.0.0', repository: 'github.com/octo/notes-engine' })).toBe('octo/notes-engine@v2');
  });

  test("carries the engine's overrides into the blog, but for those of development dependencies", () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const overrides = blogOverrides(manifest);
    expect(overrides['commander@15']).toBe(manifest.overrides['commander@15']);
    expect(overrides).not.toHaveProperty('@mdit/plugin-katex');
    // By the lockfile: katex (and its commander) and the image pipeline (one sharp) are
    // installed, the Action's HTTP client is not.
    const lockfile = JSON.parse(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));
    expect(Object.keys(blogOverrides(manifest, lockfile)).sort()).toEqual(['@11ty/eleventy-img', 'commander@15']);
  });

  test('rejects two folders, writing nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lemma-init-'));
    try {
      const result = await runCli(['init', 'a', 'b'], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/takes one folder/);
      expect(() => readFileSync(path.join(dir, 'a/package.json'))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
