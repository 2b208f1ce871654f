import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeProject, post, runCli, type CliResult } from '../helpers/project.js';
import { validateFrontMatter, parsePostDate } from '../../src/site/front-matter.js';
import { indexPosts, postUrl, FrontMatterError } from '../../src/site/post-index.js';

const good = post({ title: 'Good', date: '2026-01-01' }, 'Fine.\n');

// Each case: the posts of a project, the file and field the message must name, and the line.
const CASES: Array<[string, Record<string, string>, string, string, number]> = [
  ['a missing title', { 'untitled.md': post({ date: '2026-01-02' }, 'Body.\n') }, 'posts/untitled.md', 'title', 1],
  ['a missing date', { 'undated.md': post({ title: 'No date' }, 'Body.\n') }, 'posts/undated.md', 'date', 1],
  ['a date that is not a date', { 'when.md': post({ title: 'When', tags: '[a]', date: 'next tuesday' }, 'Body.\n') }, 'posts/when.md', 'date', 4],
  ['an impossible day', { 'feb.md': post({ title: 'Feb', date: '2026-02-30' }, 'Body.\n') }, 'posts/feb.md', 'date', 3],
  ['tags that are a single string', { 'tagged.md': post({ title: 'Tagged', date: '2026-01-03', tags: 'math, ml' }, 'Body.\n') }, 'posts/tagged.md', 'tags', 4],
  ['tags that are not strings', { 'numbers.md': post({ title: 'Numbers', date: '2026-01-03', tags: '[1, {a: b}]' }, 'Body.\n') }, 'posts/numbers.md', 'tags', 4],
];

describe('bad front matter stops `lemma build` before anything is written', () => {
  // The builds are independent child processes: run them side by side.
  const runs = new Map<string, Promise<{ dir: string; result: CliResult }>>();
  beforeAll(() => {
    for (const [name, posts] of CASES) {
      const dir = makeProject({ 'good.md': good, ...posts });
      runs.set(name, runCli(['build'], dir).then((result) => ({ dir, result })));
    }
  });

  test.each(CASES)('%s: exit 1, the message names file, line and field', async (name, _posts, file, field, line) => {
    const { dir, result } = await runs.get(name)!;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${file}:${line}: error: front matter "${field}"`, 'm'));
    expect(result.stderr).toContain('Nothing was written');
    expect(existsSync(path.join(dir, '_site'))).toBe(false);
  });

  test('two posts with the same URL: exit 1, both files named, nothing written', async () => {
    const dir = makeProject({ 'good.md': good, 'clash.md': post({ title: 'Clash', date: '2026-01-02', permalink: '/posts/good/' }, 'Body.\n') });
    mkdirSync(path.join(dir, 'posts/good'));
    writeFileSync(path.join(dir, 'posts/good/index.md'), post({ title: 'Also good', date: '2026-01-03' }, 'Body.\n'));
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    const clashes = result.stderr.split('\n').filter((l) => l.includes('would both be published at /posts/good/'));
    expect(clashes).toHaveLength(2);
    expect(clashes.join('\n')).toMatch(/posts\/good\.md/);
    expect(clashes.join('\n')).toMatch(/^posts\/(clash|good\/index)\.md:1: error: front matter "permalink"/m);
    expect(existsSync(path.join(dir, '_site'))).toBe(false);
  });

  test('every problem of every file is reported at once', async () => {
    const dir = makeProject({ 'a.md': post({ title: 'A' }, ''), 'b.md': post({ date: 'soon', tags: 'x' }, '') });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^posts\/a\.md:1: error: front matter "date": missing/m);
    expect(result.stderr).toMatch(/^posts\/b\.md:1: error: front matter "title": missing/m);
    expect(result.stderr).toMatch(/^posts\/b\.md:2: error: front matter "date": "soon" is not a date/m);
    expect(result.stderr).toMatch(/^posts\/b\.md:3: error: front matter "tags"/m);
    expect(result.stderr).toContain('4 front matter problem(s)');
  });
});

describe('validateFrontMatter', () => {
  test('a complete post is accepted and typed', () => {
    const text = ['---', 'title: "Colon: yes"', 'date: 2026-11-29', 'updated: 2026-12-01', 'tags: [a, b]', 'draft: true', 'description: Hi', '---', 'Body'].join('\n');
    const { data, problems } = validateFrontMatter('posts/x.md', text);
    expect(problems).toEqual([]);
    expect(data).toMatchObject({ title: 'Colon: yes', tags: ['a', 'b'], draft: true, description: 'Hi' });
    expect(data!.date.toISOString()).toBe('2026-11-29T00:00:00.000Z');
    expect(data!.updated!.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  test('no front matter, broken YAML, wrong types', () => {
    expect(validateFrontMatter('p.md', 'Just text').problems[0]).toMatchObject({ file: 'p.md', line: 1, kind: 'front-matter' });
    const broken = validateFrontMatter('p.md', ['---', 'title: A', 'date: [2026', '---'].join('\n')).problems;
    expect(broken).toHaveLength(1);
    expect(broken[0].message).toMatch(/not valid YAML/);
    const typed = validateFrontMatter('p.md', ['---', 'title: 7', 'date: 2026-01-01', 'draft: "yes"', 'toc: 0', 'updated: later', '---'].join('\n')).problems;
    expect(typed.map((p) => [p.line, p.message.match(/"(\w+)"/)![1]])).toEqual([[2, 'title'], [6, 'updated'], [4, 'draft'], [5, 'toc']]);
  });

  test('dates: days and ISO timestamps, nothing else', () => {
    expect(parsePostDate('2026-02-28')?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(parsePostDate('2026-02-28T10:30:00Z')?.toISOString()).toBe('2026-02-28T10:30:00.000Z');
    for (const bad of ['2026-02-29', '2026-13-01', '28/02/2026', 'yesterday', '', 20260228]) expect(parsePostDate(bad)).toBeUndefined();
  });
});

describe('post URLs', () => {
  test('from the file path or the permalink', () => {
    expect(postUrl('posts/a.md')).toBe('/posts/a/');
    expect(postUrl('posts/series/b.md')).toBe('/posts/series/b/');
    expect(postUrl('posts/c/index.md')).toBe('/posts/c/');
    expect(postUrl('posts/d.md', 'custom/path/')).toBe('/custom/path/');
    expect(postUrl('posts/d.md', '/e/index.html')).toBe('/e/');
  });

  test('URLs differing only in case clash (they are one file on macOS and Windows)', () => {
    const dir = makeProject({ 'Note.md': post({ title: 'A', date: '2026-01-01' }, ''), 'note.md': post({ title: 'B', date: '2026-01-01' }, '') });
    expect(() => indexPosts(dir)).toThrow(FrontMatterError);
  });
});
