import { existsSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildBlog, filesUnder, makeBlogProject, read } from './blog-project.js';

// The fixture blog (__tests__/fixtures/blog), built on 2026-06-01: alpha (2025-06-01, math +
// probability), beta (2026-01-10, math + 数学), gamma (2026-02-01, "Machine Learning" + "Q&A", updated
// 2026-03-01) and series/part-one (2026-02-15, math) are published; draft.md (draft: true) and
// future.md (2030-01-01) are not.
const ORIGIN = 'https://tester.github.io';
const PUBLISHED = ['/posts/series/part-one/', '/posts/gamma/', '/posts/beta/', '/posts/alpha/'];
let out: string;
const page = (url: string) => load(read(out, path.posix.join(url, 'index.html')));

beforeAll(async () => {
  const dir = makeBlogProject();
  ({ out } = await buildBlog(dir, 'out', [], { LEMMA_BUILD_DATE: '2026-06-01' }));
});

describe('tags and archive', () => {
  test('/tags/ lists every tag of a published post with its post count', () => {
    const $ = page('/tags/');
    const tags = $('.tag-cloud a.tag')
      .map((_, a) => ({ href: $(a).attr('href'), text: $(a).text().replace(/\s+/g, ' ').trim() }))
      .get();
    expect(tags).toEqual([
      { href: '/tags/machine-learning/', text: 'Machine Learning 1 post' },
      { href: '/tags/math/', text: 'math 3 posts' },
      { href: '/tags/probability/', text: 'probability 1 post' },
      { href: '/tags/q-and-a/', text: 'Q&A 1 post' },
      { href: '/tags/数学/', text: '数学 1 post' },
    ]);
  });

  test('tag names are escaped exactly once in titles and meta', () => {
    const $ = page('/tags/q-and-a/');
    expect($('title').text()).toBe('Posts tagged “Q&A” · Fixture Notes');
    expect($('meta[property="og:title"]').attr('content')).toBe('Posts tagged “Q&A”');
    expect($('h1 .tag').text()).toBe('Q&A');
  });

  test('/tags/<tag>/ lists its posts newest first; no page for tags of unpublished posts', () => {
    const $ = page('/tags/math/');
    expect($('.post-item h2 a').map((_, a) => $(a).attr('href')).get()).toEqual(['/posts/series/part-one/', '/posts/beta/', '/posts/alpha/']);
    expect($('h1').text()).toContain('math');
    expect(existsSync(path.join(out, 'tags/drafts-only'))).toBe(false);
    expect(existsSync(path.join(out, 'tags/future-only'))).toBe(false);
  });

  test('every post links its tags to existing tag pages', () => {
    for (const url of PUBLISHED) {
      const $ = page(url);
      const hrefs = $('article .post-meta a.tag').map((_, a) => $(a).attr('href')!).get();
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(existsSync(path.join(out, href, 'index.html'))).toBe(true);
    }
    const $ = page('/');
    expect($('.post-item .post-meta a.tag').length).toBeGreaterThanOrEqual(PUBLISHED.length);
  });

  test('the archive groups posts by year, newest first', () => {
    const $ = page('/archive/');
    const years = $('.archive-year')
      .map((_, s) => ({ year: $(s).find('h2').attr('id'), posts: $(s).find('li a').map((_, a) => $(a).attr('href')).get() }))
      .get();
    expect(years).toEqual([
      { year: 'year-2026', posts: ['/posts/series/part-one/', '/posts/gamma/', '/posts/beta/'] },
      { year: 'year-2025', posts: ['/posts/alpha/'] },
    ]);
  });
});

describe('feeds', () => {
  test('Atom: well-formed XML with absolute links and one entry per published post, newest first', () => {
    const xml = read(out, 'feed.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'link', 'category'].includes(name) }).parse(xml).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe(`${ORIGIN}/`);
    expect(feed.link.find((l: Record<string, string>) => l['@_rel'] === 'self')['@_href']).toBe(`${ORIGIN}/feed.xml`);
    // The newest change: gamma's `updated` day, later than any publication date.
    expect(feed.updated).toBe('2026-03-01T00:00:00Z');
    expect(feed.entry.map((e: { id: string }) => e.id)).toEqual(PUBLISHED.map((u) => ORIGIN + u));
    const gamma = feed.entry.find((e: { title: string }) => e.title === 'Gamma');
    expect(gamma.published).toBe('2026-02-01T00:00:00Z');
    expect(gamma.updated).toBe('2026-03-01T00:00:00Z');
    expect(gamma.category.map((c: Record<string, string>) => c['@_term'])).toEqual(['Machine Learning', 'Q&A']);
    const alpha = feed.entry.find((e: { id: string }) => e.id.endsWith('/alpha/'));
    expect(alpha.title).toBe('Alpha: <probability> & friends');
  });

  test('JSON Feed 1.1: valid JSON, the same entries, required fields present', () => {
    const feed = JSON.parse(read(out, 'feed.json'));
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.feed_url).toBe(`${ORIGIN}/feed.json`);
    expect(feed.home_page_url).toBe(`${ORIGIN}/`);
    expect(feed.items.map((i: { url: string }) => i.url)).toEqual(PUBLISHED.map((u) => ORIGIN + u));
    for (const item of feed.items) {
      expect(item.id).toBe(item.url);
      expect(typeof item.content_html).toBe('string');
      expect(item.date_published).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    expect(feed.items.find((i: { title: string }) => i.title === 'Gamma').tags).toEqual(['Machine Learning', 'Q&A']);
  });

  test('feed entries carry full content, math as MathML only, each equation once, URLs absolute', () => {
    const atom = new XMLParser({ isArray: (name) => name === 'entry' }).parse(read(out, 'feed.xml')).feed.entry;
    const json = JSON.parse(read(out, 'feed.json')).items;
    for (const html of [atom.find((e: { id: string }) => e.id.endsWith('/alpha/')).content, json.find((i: { url: string }) => i.url.endsWith('/alpha/')).content_html]) {
      const $ = load(html);
      // alpha.md has three equations: inline, display, and one inside the details block.
      expect($('math')).toHaveLength(3);
      expect($('math[display="block"]')).toHaveLength(1);
      expect(html).not.toMatch(/katex-html|class="katex|<annotation/);
      // No duplicated text: the inline equation's MathML text appears exactly once.
      expect($.root().text().split('x2+y2=z2')).toHaveLength(2);
      expect($('details summary').text()).toBe('Proof');
      expect($('a[href]').map((_, a) => $(a).attr('href')).get()).toEqual([
        `${ORIGIN}/posts/beta/#the-section`,
        `${ORIGIN}/posts/gamma/`,
        'https://en.wikipedia.org/wiki/Bayes%27_theorem',
      ]);
      expect($('img').attr('src')).toBe(`${ORIGIN}/posts/figure.svg`);
    }
  });
});

describe('sitemap, robots, search', () => {
  test('the sitemap lists every published page, absolute, and no draft or future post', () => {
    const xml = read(out, 'sitemap.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const urls = new XMLParser({ isArray: (name) => name === 'url' }).parse(xml).urlset.url;
    const locs = urls.map((u: { loc: string }) => u.loc).sort();
    const pages = filesUnder(out)
      .filter((f) => f.endsWith('index.html') && !f.startsWith('pagefind/'))
      // As URLs: non-ASCII paths (the 数学 tag) are percent-encoded, as the sitemap protocol asks.
      .map((f) => new URL(f.slice(0, -'index.html'.length), `${ORIGIN}/`).href)
      .sort();
    expect(locs).toEqual(pages);
    for (const url of PUBLISHED) expect(locs).toContain(ORIGIN + url);
    expect(locs.join(' ')).not.toMatch(/draft|future/);
    expect(urls.find((u: { loc: string }) => u.loc.endsWith('/gamma/')).lastmod).toBe('2026-03-01');
  });

  test('robots.txt points at the sitemap', () => {
    expect(read(out, 'robots.txt')).toMatch(new RegExp(`^Sitemap: ${ORIGIN}/sitemap.xml$`, 'm'));
  });

  test('Pagefind indexed the pages that mark their content, and the search page loads its UI', () => {
    const entry = JSON.parse(read(out, 'pagefind/pagefind-entry.json'));
    const indexed = Object.values(entry.languages as Record<string, { page_count: number }>).reduce((n, l) => n + l.page_count, 0);
    const marked = filesUnder(out).filter((f) => f.endsWith('.html') && read(out, f).includes('data-pagefind-body'));
    expect(indexed).toBe(marked.length);
    expect(marked).toEqual(expect.arrayContaining(PUBLISHED.map((u) => `${u.slice(1)}index.html`)));
    const $ = page('/search/');
    expect(existsSync(path.join(out, $('script[src*="pagefind-ui"]').attr('src')!))).toBe(true);
    expect($('#search').attr('data-base-url')).toBe('/');
  });
});

describe('per-page metadata', () => {
  test('lang, canonical, description, Open Graph and Twitter cards', () => {
    const $ = page('/posts/gamma/');
    expect($('html').attr('lang')).toBe('en-GB');
    expect($('link[rel="canonical"]').attr('href')).toBe(`${ORIGIN}/posts/gamma/`);
    expect($('meta[name="description"]').attr('content')).toBe('Updated later.');
    expect($('meta[property="og:type"]').attr('content')).toBe('article');
    expect($('meta[property="og:title"]').attr('content')).toBe('Gamma');
    expect($('meta[property="og:url"]').attr('content')).toBe(`${ORIGIN}/posts/gamma/`);
    expect($('meta[name="twitter:card"]').attr('content')).toBe('summary');
    expect($('.post-updated time').attr('datetime')).toBe('2026-03-01');
    const home = page('/');
    expect(home('meta[property="og:type"]').attr('content')).toBe('website');
    expect(home('meta[name="description"]').attr('content')).toBe('A blog used by the tests.');
    expect(home('link[rel="alternate"][type="application/atom+xml"]').attr('href')).toBe('/feed.xml');
    const notFound = load(read(out, '404.html'));
    expect(notFound('meta[name="robots"]').attr('content')).toBe('noindex');
    expect(notFound('link[rel="canonical"]')).toHaveLength(0);
  });

  test('posts carry JSON-LD BlogPosting that cannot break out of its script element', () => {
    const html = read(out, 'posts/alpha/index.html');
    const $ = load(html);
    const script = $('script[type="application/ld+json"]');
    expect(script).toHaveLength(1);
    expect(script.html()).not.toContain('<');
    const data = JSON.parse(script.html()!);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'BlogPosting',
      headline: 'Alpha: <probability> & friends',
      url: `${ORIGIN}/posts/alpha/`,
      author: { name: 'Emmy Noether' },
    });
    expect(data.datePublished).toMatch(/^2025-06-01T/);
    expect(page('/about/')('script[type="application/ld+json"]')).toHaveLength(0);
  });
});

describe('what an author writes beside a post', () => {
  test('relative links to other posts become their URLs; images beside posts are copied and found', () => {
    const alpha = page('/posts/alpha/');
    expect(alpha('a[href="/posts/beta/#the-section"]').text()).toBe('the next post');
    expect(alpha('a[href="/posts/gamma/"]').text()).toBe('gamma');
    expect(alpha('main img').attr('src')).toBe('/posts/figure.svg');
    const part = page('/posts/series/part-one/');
    expect(part('a[href="/posts/alpha/"]').text()).toBe('alpha');
    expect(part('main img').attr('src')).toBe('/posts/figure.svg');
    expect(existsSync(path.join(out, 'posts/figure.svg'))).toBe(true);
    expect(page('/posts/beta/')('h2#the-section')).toHaveLength(1);
  });

  test('theme toggle, scripts and print handler ship with every page', () => {
    const $ = page('/posts/alpha/');
    expect($('header button.theme-toggle').attr('aria-pressed')).toBe('false');
    for (const src of $('script[src]').map((_, s) => $(s).attr('src')!).get()) expect(existsSync(path.join(out, src))).toBe(true);
    expect(read(out, 'assets/js/print.js')).toContain('beforeprint');
  });
});
