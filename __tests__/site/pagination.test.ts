import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { makeProject, post, runCli } from '../helpers/project.js';

// 23 posts, one a day from 2026-01-01: the home page shows the newest 20, /page/2/ the rest.
const POSTS = Object.fromEntries(
  Array.from({ length: 23 }, (_, i) => {
    const day = String(i + 1).padStart(2, '0');
    return [`day-${day}.md`, post({ title: `Day ${day}`, date: `2026-01-${day}` }, 'Text.\n')];
  }),
);
let out: string;
const page = (url: string) => load(readFileSync(path.join(out, url, 'index.html'), 'utf8'));
const listed = (url: string) => page(url)('.post-item h2 a').map((_, a) => page(url)(a).attr('href')).get();

beforeAll(async () => {
  const dir = makeProject(POSTS);
  const result = await runCli(['build', '--date', '2026-02-01'], dir);
  if (result.code !== 0) throw new Error(result.stderr);
  out = path.join(dir, '_site');
});

test('the home page lists the newest 20 posts and links to older ones', () => {
  const newest = Array.from({ length: 20 }, (_, i) => `/posts/day-${String(23 - i).padStart(2, '0')}/`);
  expect(listed('')).toEqual(newest);
  const $ = page('');
  expect($('.post-pager a[rel="next"]').attr('href')).toBe('/page/2/');
  expect($('.post-pager a[rel="prev"]')).toHaveLength(0);
});

test('/page/2/ lists the rest, numbered on from the first page, and links back', () => {
  expect(listed('page/2')).toEqual(['/posts/day-03/', '/posts/day-02/', '/posts/day-01/']);
  const $ = page('page/2');
  expect($('ol.post-list').attr('start')).toBe('3');
  expect($('.post-pager a[rel="prev"]').attr('href')).toBe('/');
  expect($('.post-pager a[rel="next"]')).toHaveLength(0);
  expect($('title').text()).toBe('Posts, page 2 · Lemma');
  expect(existsSync(path.join(out, 'page/3'))).toBe(false);
  expect(readFileSync(path.join(out, 'sitemap.xml'), 'utf8')).toContain('/page/2/</loc>');
});
