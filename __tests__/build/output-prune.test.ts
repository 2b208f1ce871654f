import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pruneOutput } from '../../src/build/output-prune.js';
import { makeProject, post, runCli } from '../helpers/project.js';

function tree(files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lemma-prune-'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), file);
  }
  return dir;
}

const filesIn = (dir: string) => (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; name: string; parentPath: string }[])
  .filter((d) => d.isFile())
  .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
  .sort();

describe('pruneOutput', () => {
  test('removes what the build did not write and the folders left empty; a folder written anew goes whole, unlisted', () => {
    const out = tree(['index.html', 'posts/kept/index.html', 'posts/gone/index.html', 'old/deep/x.txt', 'pagefind/pagefind.js', 'pagefind/fragment/a.pf_fragment']);
    const written = ['index.html', 'posts/kept/index.html'].map((f) => path.join(out, f));
    const removed = pruneOutput(out, written, { rewritten: ['pagefind'], projectRoot: tmpdir() });
    expect(removed).toEqual(['old/deep/x.txt', 'posts/gone/index.html']);
    expect(filesIn(out)).toEqual(['index.html', 'posts/kept/index.html']);
    expect(existsSync(path.join(out, 'old'))).toBe(false);
    expect(existsSync(path.join(out, 'posts/gone'))).toBe(false);
    expect(existsSync(path.join(out, 'pagefind'))).toBe(false);
  });

  test('a symbolic link is removed itself, what it points to is left alone', () => {
    const elsewhere = tree(['precious.txt']);
    const out = tree(['index.html']);
    symlinkSync(elsewhere, path.join(out, 'linked'));
    expect(pruneOutput(out, [path.join(out, 'index.html')], { rewritten: [], projectRoot: tmpdir() })).toEqual(['linked']);
    expect(existsSync(path.join(elsewhere, 'precious.txt'))).toBe(true);
  });

  test('an output folder that holds the project is never swept', () => {
    const project = tree(['posts/a.md', 'site/site.json']);
    expect(pruneOutput(project, [], { rewritten: [], projectRoot: project })).toEqual([]);
    expect(pruneOutput(path.dirname(project), [], { rewritten: [], projectRoot: project })).toEqual([]);
    expect(filesIn(project)).toEqual(['posts/a.md', 'site/site.json']);
  });
});

describe('lemma build leaves exactly the site in its output folder', () => {
  test('a renamed post leaves no page behind, so the check finds the link to its old URL', async () => {
    const dir = makeProject({
      'one.md': post({ title: 'One', date: '2026-01-01' }, 'Hello.\n'),
      'two.md': post({ title: 'Two', date: '2026-01-02' }, 'See [one](/posts/one/).\n'),
    });
    expect((await runCli(['build'], dir)).code).toBe(0);
    const fragments = () => readdirSync(path.join(dir, '_site/pagefind/fragment')).length;
    const before = fragments();
    renameSync(path.join(dir, 'posts/one.md'), path.join(dir, 'posts/uno.md'));
    const rebuilt = await runCli(['build'], dir);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain('Removed 1 file from _site/ that this build did not write (left by earlier builds): posts/one/index.html.');
    expect(existsSync(path.join(dir, '_site/posts/one'))).toBe(false);
    expect(existsSync(path.join(dir, '_site/posts/uno/index.html'))).toBe(true);
    // The search index is the new one alone: as many records as before, none for the old URL.
    expect(fragments()).toBe(before);
    const check = await runCli(['check'], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/posts\/two\.md:\d+\s+error\s+link\s+Broken link: \/posts\/one\//);
  });
});
