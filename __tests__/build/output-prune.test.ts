import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OUTPUT_MANIFEST, pruneOutput } from '../../src/build/output-prune.js';
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
  /** An output folder with these files, and a project beside it whose .cache keeps the list. */
  function setUp(files: string[]) {
    const out = tree(files);
    const project = mkdtempSync(path.join(tmpdir(), 'lemma-prune-project-'));
    const prune = (wrote: string[], rewritten: string[] = []) => pruneOutput(out, wrote.map((f) => path.join(out, f)), { rewritten, projectRoot: project });
    return { out, project, prune };
  }

  test('removes what the last build wrote and this one did not, and the folders left empty', () => {
    const { out, prune } = setUp(['index.html', 'posts/kept/index.html', 'posts/gone/index.html', 'old/deep/x.txt']);
    expect(prune(['index.html', 'posts/kept/index.html', 'posts/gone/index.html', 'old/deep/x.txt'])).toEqual([]);
    expect(prune(['index.html', 'posts/kept/index.html'])).toEqual(['old/deep/x.txt', 'posts/gone/index.html']);
    expect(filesIn(out)).toEqual(['index.html', 'posts/kept/index.html']);
    expect(existsSync(path.join(out, 'old'))).toBe(false);
    expect(existsSync(path.join(out, 'posts/gone'))).toBe(false);
  });

  test('never removes a file no build wrote: an output folder shared with anything else loses nothing of it', () => {
    const { out, prune } = setUp(['index.html', 'notes.txt', 'photos/cat.jpg']);
    expect(prune(['index.html'])).toEqual([]);
    expect(prune([])).toEqual(['index.html']);
    expect(filesIn(out)).toEqual(['notes.txt', 'photos/cat.jpg']);
  });

  test('a folder written whole after the pages (the search index) goes before the next build writes it anew', () => {
    const { out, prune } = setUp(['index.html', 'pagefind/pagefind.js', 'pagefind/fragment/a.pf_fragment']);
    // The first build that knows it writes the folder leaves what was there.
    expect(prune(['index.html'], ['pagefind'])).toEqual([]);
    expect(filesIn(out)).toContain('pagefind/fragment/a.pf_fragment');
    // The next one removes it whole (not listed: the new index replaces it).
    expect(prune(['index.html'], ['pagefind'])).toEqual([]);
    expect(filesIn(out)).toEqual(['index.html']);
  });

  test('a damaged list removes nothing; one that names files outside the folder is not followed', () => {
    const { out, project, prune } = setUp(['index.html', 'a.html']);
    const manifest = path.join(project, OUTPUT_MANIFEST);
    prune(['index.html', 'a.html']);
    writeFileSync(manifest, '{"broken');
    expect(prune(['index.html'])).toEqual([]);
    expect(filesIn(out)).toEqual(['a.html', 'index.html']);
    const outside = tree(['precious.txt']);
    writeFileSync(manifest, JSON.stringify({ [out]: { files: [path.relative(out, path.join(outside, 'precious.txt')), 'a.html'], folders: ['..'] } }));
    expect(prune(['index.html'])).toEqual(['a.html']);
    expect(existsSync(path.join(outside, 'precious.txt'))).toBe(true);
    expect(filesIn(out)).toEqual(['index.html']);
  });

  test('output folders that no longer exist are dropped from the list', () => {
    const { out, project, prune } = setUp(['index.html']);
    const manifest = path.join(project, OUTPUT_MANIFEST);
    prune(['index.html']);
    const gone = path.join(tmpdir(), 'lemma-prune-gone-scratch-folder');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), [gone]: { files: ['index.html'], folders: [] } }));
    prune(['index.html']);
    expect(Object.keys(JSON.parse(readFileSync(manifest, 'utf8')))).toEqual([out]);
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
