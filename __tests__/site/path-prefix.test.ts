import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { XMLParser } from 'fast-xml-parser';
import { buildBlog, filesUnder, makeBlogProject, read } from './blog-project.js';

const ORIGIN = 'https://tester.github.io';
const URL_ATTRIBUTES = ['a[href]', 'link[href]', 'script[src]', 'img[src]', 'source[src]', 'meta[property="og:url"]'];

interface Resolver {
  out: string;
  prefix: string;
  problems: string[];
}

/**
 * Resolve one URL found in the output the way a browser would (against the page's
 * address under the prefix) and check the file it names exists, fragment included.
 */
function checkUrl(r: Resolver, raw: string, pageUrl: string, where: string): void {
  if (/^(mailto|javascript|data):/i.test(raw)) return;
  const url = new URL(raw, ORIGIN + pageUrl);
  if (url.origin !== ORIGIN) return; // external
  if (!url.pathname.startsWith(r.prefix)) {
    r.problems.push(`${where}: ${raw} is outside ${r.prefix}`);
    return;
  }
  let file = decodeURIComponent(url.pathname.slice(r.prefix.length));
  if (file === '' || file.endsWith('/')) file += 'index.html';
  const full = path.join(r.out, file);
  if (!existsSync(full)) {
    r.problems.push(`${where}: ${raw} → missing ${file}`);
    return;
  }
  const id = decodeURIComponent(url.hash.slice(1));
  if (id && file.endsWith('.html') && load(readFileSync(full, 'utf8'))(`[id="${id}"]`).length === 0) {
    r.problems.push(`${where}: ${raw} → no #${id} in ${file}`);
  }
}

/** Every href/src of every HTML page, every URL of the feeds, sitemap and robots.txt. */
function checkSite(out: string, prefix: string): string[] {
  const r: Resolver = { out, prefix, problems: [] };
  const files = filesUnder(out).filter((f) => !f.startsWith('pagefind/'));
  let checked = 0;
  for (const file of files.filter((f) => f.endsWith('.html'))) {
    const $ = load(read(out, file));
    const pageUrl = prefix + file.replace(/index\.html$/, '');
    for (const selector of URL_ATTRIBUTES) {
      $(selector).each((_, el) => {
        const attr = selector.startsWith('meta') ? 'content' : selector.match(/\[(\w+)/)![1];
        checkUrl(r, $(el).attr(attr)!, pageUrl, file);
        checked++;
      });
    }
  }
  const xml = new XMLParser({ ignoreAttributes: false, isArray: (n) => ['entry', 'link', 'url'].includes(n) });
  const atom = xml.parse(read(out, 'feed.xml')).feed;
  const feedUrls: string[] = [atom.id, ...atom.link.map((l: Record<string, string>) => l['@_href'])];
  for (const entry of atom.entry) {
    feedUrls.push(entry.id, ...entry.link.map((l: Record<string, string>) => l['@_href']));
    const $ = load(entry.content['#text']);
    $('a[href], img[src]').each((_, el) => void feedUrls.push($(el).attr('href') ?? $(el).attr('src')!));
  }
  const json = JSON.parse(read(out, 'feed.json'));
  feedUrls.push(json.home_page_url, json.feed_url);
  for (const item of json.items) {
    feedUrls.push(item.url);
    const $ = load(item.content_html);
    $('a[href], img[src]').each((_, el) => void feedUrls.push($(el).attr('href') ?? $(el).attr('src')!));
  }
  feedUrls.push(...xml.parse(read(out, 'sitemap.xml')).urlset.url.map((u: { loc: string }) => u.loc));
  feedUrls.push(read(out, 'robots.txt').match(/^Sitemap: (.+)$/m)![1]);
  for (const url of feedUrls) {
    // Feed readers and crawlers need absolute URLs.
    if (!/^https?:\/\//.test(url)) r.problems.push(`feeds/sitemap: ${url} is not absolute`);
    checkUrl(r, url, prefix, 'feeds/sitemap');
    checked++;
  }
  if (checked < 100) r.problems.push(`only ${checked} URLs found: the check itself is broken`);
  return r.problems;
}

describe.each([
  ['a GitHub Pages project site (LEMMA_PATH_PREFIX)', '/repo/', [] as string[], { LEMMA_PATH_PREFIX: 'repo' }],
  ['a pull request preview (--path-prefix)', '/repo/pr-preview/pr-7/', ['--path-prefix', '/repo/pr-preview/pr-7/'], {}],
])('the whole site under %s', (_name, prefix, args, env) => {
  let out: string;
  beforeAll(async () => {
    ({ out } = await buildBlog(makeBlogProject(), 'out', args, { LEMMA_BUILD_DATE: '2026-06-01', ...env }));
  });

  test('every href and src in every page, feed, sitemap and robots.txt resolves to a file in the output', () => {
    expect(checkSite(out, prefix)).toEqual([]);
  });

  test('search results link under the prefix; canonical and Open Graph URLs carry it', () => {
    const $ = load(read(out, 'search/index.html'));
    expect($('#search').attr('data-base-url')).toBe(prefix);
    const post = load(read(out, 'posts/alpha/index.html'));
    expect(post('link[rel="canonical"]').attr('href')).toBe(`${ORIGIN}${prefix}posts/alpha/`);
    expect(post('a[href$="/posts/beta/#the-section"]').attr('href')).toBe(`${prefix}posts/beta/#the-section`);
  });
});
