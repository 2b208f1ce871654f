import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSettings } from '../../src/settings.js';
import { validateFrontMatter } from '../../src/site/front-matter.js';
import { postBibtex } from '../../src/site/cite-post.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'lemma-papers-settings-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const BASE = { title: 'T', url: 'https://me.github.io', author: { name: 'Ada Lovelace' } };
function settingsWith(extra: object) {
  const file = path.join(dir, 'site.json');
  writeFileSync(file, JSON.stringify({ ...BASE, ...extra }));
  return () => loadSettings(file, {});
}

describe('citations in site.json', () => {
  test('author-date by default; numeric by setting; a site-wide .bib that exists', () => {
    expect(settingsWith({})().citations).toEqual({ style: 'author-date' });
    const bib = path.join(dir, 'refs.bib');
    writeFileSync(bib, '@book{a, title = {T}}\n');
    expect(settingsWith({ citations: { style: 'numeric', bibliography: bib } })().citations).toEqual({ style: 'numeric', bibliography: bib });
  });

  test('an unknown style, a missing file or a wrong shape is an error naming the setting', () => {
    expect(settingsWith({ citations: { style: 'ieee' } })).toThrow(/"citations.style" must be "author-date" or "numeric" \(got "ieee"\)/);
    expect(settingsWith({ citations: { bibliography: 'nowhere.bib' } })).toThrow(/"citations.bibliography" must name a .bib file.*"nowhere.bib"/);
    expect(settingsWith({ citations: 'numeric' })).toThrow(/"citations" must be an object/);
  });
});

describe('bibliography and cite in front matter', () => {
  const check = (lines: string[]) => validateFrontMatter('posts/p.md', ['---', 'title: T', 'date: 2026-01-01', ...lines, '---', 'Body.'].join('\n'));

  test('a file or a list of files; cite true or false', () => {
    expect(check(['bibliography: refs.bib', 'cite: false']).problems).toEqual([]);
    expect(check(['bibliography: [a.bib, b.bib]']).problems).toEqual([]);
  });

  test('anything else is an error at its line', () => {
    expect(check(['tags: [a]', 'bibliography: 3']).problems.map((p) => [p.line, p.message])).toEqual([
      [5, 'front matter "bibliography": must be a .bib file beside the post (bibliography: refs.bib), or a list of them.'],
    ]);
    expect(check(['bibliography: []']).problems).toHaveLength(1);
    expect(check(['cite: no']).problems.map((p) => [p.line, p.message])).toEqual([[4, 'front matter "cite": must be true or false.']]);
  });
});

describe('"Cite this post"', () => {
  const settings = { author: { name: 'Ada King Lovelace' }, title: 'Notes & Proofs', url: 'https://me.github.io', pathPrefix: '/blog/' };

  test('an @online entry: last name, year and slug as key; the URL under the path prefix', () => {
    const entry = postBibtex({ title: 'Softmax', date: new Date('2026-11-08T00:00:00Z'), url: '/posts/softmax/', fileSlug: 'softmax' }, settings);
    expect(entry).toBe(
      [
        '@online{lovelace2026softmax,',
        '  author = {Lovelace, Ada King},',
        '  title = {Softmax},',
        '  year = {2026},',
        '  month = nov,',
        '  url = {https://me.github.io/blog/posts/softmax/},',
        '  organization = {Notes \\& Proofs}',
        '}',
      ].join('\n'),
    );
  });

  test("BibTeX's special characters are escaped outside math, which stays TeX", () => {
    const entry = postBibtex({ title: '100% of {x_1} & $\\mathbb{R}^n$ #1 \\o/', date: new Date('2026-01-01'), url: '/p/', fileSlug: 'p' }, settings);
    expect(entry).toContain('title = {100\\% of \\{x\\_1\\} \\& $\\mathbb{R}^n$ \\#1 \\textbackslash{}o/}');
  });
});
