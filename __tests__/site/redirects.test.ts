import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { makeProject, post, runCli, type CliResult } from '../helpers/project.js';
import { redirectFieldProblem, redirectPaths, redirectPermalink } from '../../src/site/redirects.js';

describe('redirect_from and aliases front matter', () => {
  let dir: string;
  let build: CliResult;
  let check: CliResult;

  beforeAll(async () => {
    dir = makeProject({
      'attention.md': post({ title: 'Attention', date: '2018-04-08', redirect_from: '[/2018/04/08/attention.html, /posts/old-attention/]' }, 'Body.\n'),
      'policy-gradients.md': post({ title: 'Policy gradients', date: '2019-06-11', aliases: '[/post/2019/06/11/policy-gradients/, pg-old]' }, 'Body.\n'),
    });
    build = await runCli(['build'], dir);
    check = await runCli(['check'], dir);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const page = (file: string) => load(readFileSync(path.join(dir, '_site', file), 'utf8'));

  test('every old URL answers with a page leading to the post', () => {
    expect(build.code).toBe(0);
    for (const [file, to] of [
      ['2018/04/08/attention.html', '/posts/attention/'],
      ['posts/old-attention/index.html', '/posts/attention/'],
      ['post/2019/06/11/policy-gradients/index.html', '/posts/policy-gradients/'],
      // Hugo reads a relative alias against the post's section.
      ['posts/pg-old/index.html', '/posts/policy-gradients/'],
    ]) {
      const $ = page(file);
      expect($('meta[http-equiv="refresh"]').attr('content')).toBe(`0; url=${to}`);
      expect($('link[rel="canonical"]').attr('href')).toMatch(new RegExp(`^https?://[^/]+${to}$`));
      expect($('a').attr('href')).toBe(to);
      expect($('meta[name="robots"]').attr('content')).toBe('noindex');
      expect(existsSync(path.join(dir, '_site', to, 'index.html'))).toBe(true);
    }
  });

  test('the sitemap lists only the new URLs', () => {
    const sitemap = readFileSync(path.join(dir, '_site/sitemap.xml'), 'utf8');
    expect(sitemap).toContain('/posts/attention/</loc>');
    expect(sitemap).not.toMatch(/2018\/04\/08|old-attention|\/post\/2019|pg-old/);
  });

  test('the check passes: every redirect leads to a page that exists', () => {
    expect(check.stdout + check.stderr).not.toMatch(/error/);
    expect(check.code).toBe(0);
  });

  test('a redirect onto another post, or claimed twice, or to another site, stops the build', async () => {
    const bad = makeProject({
      'a.md': post({ title: 'A', date: '2020-01-01', redirect_from: '/posts/b/' }, 'A.\n'),
      'b.md': post({ title: 'B', date: '2020-01-02', redirect_from: '/old/' }, 'B.\n'),
      'c.md': post({ title: 'C', date: '2020-01-03', aliases: '/old/' }, 'C.\n'),
      'd.md': post({ title: 'D', date: '2020-01-04', redirect_from: 'https://example.com/x' }, 'D.\n'),
    });
    try {
      const result = await runCli(['build'], bad);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('posts/a.md:4: error: front matter "redirect_from": /posts/b/ is the URL of posts/b.md');
      expect(result.stderr).toContain('posts/c.md:4: error: front matter "aliases": /old/ is also an old URL of posts/b.md');
      expect(result.stderr).toContain('posts/d.md:4: error: front matter "redirect_from": "https://example.com/x" is a URL of another site');
      expect(existsSync(path.join(bad, '_site/old/index.html'))).toBe(false);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  test('paths and permalinks', () => {
    expect(redirectPaths({ redirect_from: 'old.html' }, '/posts/x/')).toEqual(['/old.html']);
    expect(redirectPaths({ aliases: ['/a/b/', 'c'] }, '/posts/x/')).toEqual(['/a/b/', '/posts/c']);
    expect(redirectPermalink('/a/b/')).toBe('/a/b/index.html');
    expect(redirectPermalink('/a/b')).toBe('/a/b/index.html');
    expect(redirectPermalink('/2018/04/08/x.html')).toBe('/2018/04/08/x.html');
    expect(redirectFieldProblem(['/ok/', 3])).toMatch(/list of paths/);
    expect(redirectFieldProblem('/a/../b')).toMatch(/not a plain path/);
  });
});
