import { load } from 'cheerio';
import { createMarkdown } from '../../src/markdown/index.js';
import { feedHtml } from '../../src/site/feed-content.js';
import { resolvePostLink } from '../../src/site/relative-links.js';
import { PostUrls } from '../../src/site/post-index.js';
import { postsByYear, tagList, tagSlug } from '../../src/collections.js';
import { absoluteUrl, blogPostingJsonLd } from '../../src/site/seo.js';
import { sitemapEntries } from '../../src/site/sitemap.js';
import { loadSettings } from '../../src/settings.js';
import { REPO } from '../helpers/project.js';
import path from 'node:path';

const site = { url: 'https://me.github.io', pathPrefix: '/blog/' };

describe('feedHtml', () => {
  const { html } = createMarkdown().render('## Title\n\nSee $a^2 \\leq b$ and [x](/posts/x/), [y](y/), [z](https://z.org/).\n\n$$\n\\sqrt{2}\n$$\n');

  test('replaces each KaTeX equation by its MathML alone, once', () => {
    const out = feedHtml(html, '/posts/me/', site);
    const $ = load(out);
    expect(load(html)('.katex-html').length).toBe(2);
    expect(out).not.toMatch(/katex|<annotation|aria-hidden/);
    expect($('math')).toHaveLength(2);
    expect($('math').eq(1).attr('display')).toBe('block');
    expect($.root().text().match(/a2≤b/g)).toHaveLength(1);
    expect($('h2').text()).toBe('Title');
  });

  test('makes every link absolute under the path prefix', () => {
    const $ = load(feedHtml(html, '/posts/me/', site));
    expect($('a').map((_, a) => $(a).attr('href')).get()).toEqual([
      'https://me.github.io/blog/posts/x/',
      'https://me.github.io/blog/posts/me/y/',
      'https://z.org/',
    ]);
  });
});

describe('relative links in posts', () => {
  const urls = new PostUrls();
  urls.update([
    { file: 'posts/other.md', url: '/posts/other/', data: {} as never },
    { file: 'posts/sub/deep.md', url: '/custom/', data: {} as never },
  ]);
  test.each([
    ['other.md', 'posts/a.md', '/posts/other/'],
    ['./other.md#proof', 'posts/a.md', '/posts/other/#proof'],
    ['sub/deep.md', 'posts/a.md', '/custom/'],
    ['../other.md', 'posts/sub/deep.md', '/posts/other/'],
    ['diagram.png', 'posts/a.md', '/posts/diagram.png'],
    ['img/my figure.png', 'posts/a.md', '/posts/img/my%20figure.png'],
    ['../img/x.svg', 'posts/sub/deep.md', '/posts/img/x.svg'],
  ])('%s from %s → %s', (href, from, expected) => {
    expect(resolvePostLink(href, from, urls)).toBe(expected);
  });
  test.each(['https://x.org/a.md', '/posts/a/', '#frag', 'mailto:me@x.org', 'missing.md', '../../outside.png', '?q=1'])('%s is left alone', (href) => {
    expect(resolvePostLink(href, 'posts/a.md', urls)).toBeUndefined();
  });
});

describe('tags and years', () => {
  const p = (title: string, date: string, tags: string[]) => ({ date: new Date(date), url: `/${title}/`, data: { title, tags } });
  const posts = [p('a', '2025-01-01', ['ML', 'math']), p('b', '2026-03-01', ['ml']), p('c', '2026-01-01', ['math', 'math'])];

  test('tags that slug alike share one page; counts and newest-first posts', () => {
    const tags = tagList(posts);
    expect(tags.map((t) => [t.name, t.slug, t.count, t.posts.map((x) => x.data.title)])).toEqual([
      ['math', 'math', 2, ['c', 'a']],
      ['ml', 'ml', 2, ['b', 'a']],
    ]);
    expect(tagSlug('Machine Learning')).toBe('machine-learning');
    expect([tagSlug('C++'), tagSlug('C#'), tagSlug('C')]).toEqual(['c-plus-plus', 'c-sharp', 'c']);
    // No transliteration: the tag's own letters, which browsers and Pages serve as UTF-8 paths.
    expect(tagSlug('数学')).toBe('数学');
    expect(tagSlug('a/b')).toBe('a-b');
  });

  test('archive years, newest first', () => {
    expect(postsByYear(posts).map((g) => [g.year, g.posts.map((x) => x.data.title)])).toEqual([
      [2026, ['b', 'c']],
      [2025, ['a']],
    ]);
  });
});

describe('SEO helpers', () => {
  test('absolute URLs carry origin and prefix once', () => {
    expect(absoluteUrl('/', site)).toBe('https://me.github.io/blog/');
    expect(absoluteUrl('/posts/a/', site)).toBe('https://me.github.io/blog/posts/a/');
    expect(absoluteUrl('/posts/a/', { url: 'https://me.github.io', pathPrefix: '/' })).toBe('https://me.github.io/posts/a/');
    expect(absoluteUrl('https://x.org/', site)).toBe('https://x.org/');
  });

  test('JSON-LD escapes "<" so a title cannot end the script element', () => {
    const settings = { ...loadSettings(path.join(REPO, 'site/site.json'), {}), ...site };
    const json = blogPostingJsonLd({ title: '</script><b>x', date: new Date('2026-01-01'), url: '/posts/a/' }, settings);
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toMatchObject({ '@type': 'BlogPosting', headline: '</script><b>x', url: 'https://me.github.io/blog/posts/a/' });
  });
});

describe('sitemap entries', () => {
  const today = new Date('2026-06-01T00:00:00Z');
  const page = (url: string, inputPath: string, data: Record<string, unknown> = {}, date = '2026-01-01') => ({ url, inputPath, date: new Date(date), data });
  test('published pages only, sorted, posts with their last change', () => {
    const entries = sitemapEntries(
      [
        page('/b/', './site/pages/b.njk'),
        page('/posts/p/', './posts/p.md', { updated: '2026-02-02' }),
        page('/posts/draft/', './posts/draft.md', { draft: true }),
        page('/posts/later/', './posts/later.md', {}, '2026-06-02'),
        page('/hidden/', './site/pages/hidden.njk', { noindex: true }),
        page('/skip/', './site/pages/skip.njk', { sitemap: false }),
        page('/data.json', './site/pages/data.njk'),
        page('/a/', './site/pages/a.md'),
      ],
      today,
    );
    expect(entries.map((e) => [e.url, e.lastmod?.toISOString().slice(0, 10)])).toEqual([
      ['/a/', undefined],
      ['/b/', undefined],
      ['/posts/p/', '2026-02-02'],
    ]);
  });
});
