import { existsSync, writeFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import path from 'node:path';
import { load } from 'cheerio';
import Eleventy from '@11ty/eleventy';
import { CONFIG_PATH } from '../../src/build/eleventy.js';
import { buildDate, parseDay } from '../../src/site/build-date.js';
import { postStatus } from '../../src/site/publishing.js';
import { runCli } from '../helpers/project.js';
import { buildBlog, makeBlogProject, read } from './blog-project.js';

// In the fixture blog, future.md is dated 2030-01-01 (tag future-only) and draft.md has draft: true.
const FUTURE = 'posts/future/index.html';
const DRAFT = 'posts/draft/index.html';
let dir: string;

beforeAll(() => {
  dir = makeBlogProject();
});

/** Where a post shows up in a built site. */
function appearances(out: string, slug: string) {
  return {
    page: existsSync(path.join(out, 'posts', slug, 'index.html')),
    home: load(read(out, 'index.html'))(`a[href="/posts/${slug}/"]`).length > 0,
    archive: load(read(out, 'archive/index.html'))(`a[href="/posts/${slug}/"]`).length > 0,
    atom: read(out, 'feed.xml').includes(`/posts/${slug}/`),
    json: read(out, 'feed.json').includes(`/posts/${slug}/`),
    sitemap: read(out, 'sitemap.xml').includes(`/posts/${slug}/`),
  };
}
const everywhere = { page: true, home: true, archive: true, atom: true, json: true, sitemap: true };
const nowhere = { page: false, home: false, archive: false, atom: false, json: false, sitemap: false };

describe('production builds (`lemma build`)', () => {
  test('the day before its date, a scheduled post is nowhere; drafts never are', async () => {
    const { out } = await buildBlog(dir, 'before', ['--date', '2029-12-31']);
    expect(appearances(out, 'future')).toEqual(nowhere);
    expect(existsSync(path.join(out, 'tags/future-only'))).toBe(false);
    expect(appearances(out, 'draft')).toEqual(nowhere);
    expect(appearances(out, 'alpha')).toEqual(everywhere);
  });

  test('on its date (LEMMA_BUILD_DATE), the scheduled post is published everywhere', async () => {
    const { out } = await buildBlog(dir, 'on', [], { LEMMA_BUILD_DATE: '2030-01-01' });
    expect(appearances(out, 'future')).toEqual(everywhere);
    expect(existsSync(path.join(out, 'tags/future-only/index.html'))).toBe(true);
    expect(load(read(out, FUTURE))('.status-banner, .status-badge')).toHaveLength(0);
    expect(appearances(out, 'draft')).toEqual(nowhere);
    expect(existsSync(path.join(out, 'tags/drafts-only'))).toBe(false);
  });

  test('a build date that is not a day stops the build', async () => {
    const result = await runCli(['build', '--output', path.join(dir, 'never')], dir, { LEMMA_BUILD_DATE: '2030-02-30' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('LEMMA_BUILD_DATE / --date must be a day like');
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
  });
});

describe('the development server (`lemma serve` run mode)', () => {
  let out: string;
  let printed = '';
  beforeAll(async () => {
    // Its own project, with one post whose front matter is wrong.
    const dir = makeBlogProject();
    writeFileSync(path.join(dir, 'posts/broken.md'), '---\ntitle: Broken\ndate: someday\n---\nText.\n');
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    const cwd = process.cwd();
    const saved = process.env.LEMMA_BUILD_DATE;
    process.env.LEMMA_BUILD_DATE = '2026-06-01';
    process.chdir(dir);
    try {
      out = path.join(dir, 'dev');
      // What `lemma serve` runs, without the watcher and HTTP server.
      await new Eleventy('.', out, { configPath: CONFIG_PATH, quietMode: true, source: 'cli', runMode: 'serve' }).write();
    } finally {
      process.chdir(cwd);
      if (saved === undefined) delete process.env.LEMMA_BUILD_DATE;
      else process.env.LEMMA_BUILD_DATE = saved;
      process.env.ELEVENTY_RUN_MODE = 'build';
      write.mockRestore();
    }
  });

  test('a post with bad front matter is reported and left out; the rest of the blog still builds', () => {
    expect(printed).toMatch(/^posts\/broken\.md:3: error: front matter "date": "someday" is not a date/m);
    expect(printed).toContain('left out until fixed');
    expect(existsSync(path.join(out, 'posts/broken'))).toBe(false);
    expect(existsSync(path.join(out, 'posts/alpha/index.html'))).toBe(true);
  });

  test('drafts and scheduled posts are built, listed and clearly marked', () => {
    const draft = load(read(out, DRAFT));
    expect(draft('.status-banner').text()).toMatch(/^Draft/);
    expect(draft('.status-badge').text()).toBe('Draft');
    const future = load(read(out, FUTURE));
    expect(future('.status-banner').text()).toMatch(/^Scheduled/);
    const home = load(read(out, 'index.html'));
    expect(home('a[href="/posts/draft/"]').closest('.post-item').find('.status-badge').text()).toBe('Draft');
    expect(home('a[href="/posts/future/"]').closest('.post-item').find('.status-badge').text()).toBe('Scheduled');
    expect(load(read(out, 'posts/alpha/index.html'))('.status-banner, .status-badge')).toHaveLength(0);
  });

  test('but feeds and sitemap still show readers only what is published', () => {
    for (const slug of ['draft', 'future']) {
      const seen = appearances(out, slug);
      expect([seen.atom, seen.json, seen.sitemap]).toEqual([false, false, false]);
    }
  });
});

describe('build day and post status', () => {
  test('LEMMA_BUILD_DATE, else today in UTC', () => {
    expect(buildDate({ LEMMA_BUILD_DATE: '2026-03-04' }).toISOString()).toBe('2026-03-04T00:00:00.000Z');
    expect(buildDate({}, new Date('2026-03-04T23:59:00-05:00')).toISOString()).toBe('2026-03-05T00:00:00.000Z');
    expect(() => buildDate({ LEMMA_BUILD_DATE: 'tomorrow' })).toThrow(/must be a day/);
    expect(parseDay('2024-02-29')).toBeDefined();
    expect(parseDay('2025-02-29')).toBeUndefined();
  });

  test('published on its day, scheduled before, draft whatever the date', () => {
    const day = parseDay('2026-05-01')!;
    expect(postStatus({ date: parseDay('2026-05-01') }, day)).toBe('published');
    expect(postStatus({ date: new Date('2026-05-01T18:00:00Z') }, day)).toBe('published');
    expect(postStatus({ date: parseDay('2026-05-02') }, day)).toBe('scheduled');
    expect(postStatus({ date: parseDay('2020-01-01'), draft: true }, day)).toBe('draft');
  });
});
