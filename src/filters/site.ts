import type { UserConfig } from '@11ty/eleventy';
import { dateToRfc3339, getNewestCollectionItemDate } from '@11ty/eleventy-plugin-rss';
import type { SiteSettings } from '../settings.js';
import { postsByYear, publishedPosts, statusOf, tagList, tagSlug, type PostLike } from '../collections.js';
import { feedHtml } from '../site/feed-content.js';
import { mathTable } from '../markdown/math-table.js';
import { absoluteUrl, blogPostingJsonLd, type PostForStructuredData } from '../site/seo.js';
import type { PublishingRules } from '../site/publishing.js';
import { parsePostDate } from '../site/front-matter.js';
import { sitemapEntries, type SitemapPage } from '../site/sitemap.js';
import { postBibtex, type CitablePost } from '../site/cite-post.js';
import { usesPaperStyles } from '../markdown/papers.js';
import { summaryOf } from '../site/summary.js';

/** Filters for the site's own pages: URLs, SEO, feeds, tags, archive, draft markers. */
export function registerSiteFilters(eleventyConfig: UserConfig, settings: SiteSettings, rules: PublishingRules): void {
  // `/posts/a/` → `https://you.github.io/repo/posts/a/` (canonical links, feeds, sitemap).
  eleventyConfig.addFilter('fullUrl', (url: string) => absoluteUrl(url ?? '/', settings));
  // Both feeds carry the same posts: parse each post's HTML once per build.
  const feedEntries = new Map<string, string>();
  eleventyConfig.on('eleventy.before', () => feedEntries.clear());
  eleventyConfig.addFilter('feedHtml', (html: string, pageUrl: string) => {
    const key = `${pageUrl}\n${html ?? ''}`;
    let entry = feedEntries.get(key);
    // The post's equations are placeholders until pages are written: a feed needs them now.
    if (entry === undefined) feedEntries.set(key, (entry = feedHtml(mathTable.expand(html ?? ''), pageUrl, settings)));
    return entry;
  });
  // A post without `description`: its first paragraph, math as TeX (lists, feeds, meta tags).
  const summaries = new Map<string, string>();
  eleventyConfig.on('eleventy.before', () => summaries.clear());
  eleventyConfig.addFilter('summary', (html: string) => {
    let summary = summaries.get(html ?? '');
    if (summary === undefined) summaries.set(html ?? '', (summary = summaryOf(mathTable.expand(html ?? ''))));
    return summary;
  });
  eleventyConfig.addFilter('blogPostingJsonLd', (post: PostForStructuredData & { updated?: unknown }) =>
    blogPostingJsonLd({ ...post, updated: parsePostDate(post.updated) }, settings),
  );
  // `updated` in front matter, else the publication date (Atom's <updated>).
  eleventyConfig.addFilter('updatedDate', (post: PostLike & { data: { updated?: unknown } }) => parsePostDate(post.data.updated) ?? post.date);
  // "Cite this post": a BibTeX entry for the post (see src/site/cite-post.ts).
  eleventyConfig.addFilter('citePost', (post: CitablePost) => postBibtex(post, settings));
  // Only posts with theorems, figures, references or equation links load papers.css.
  eleventyConfig.addFilter('usesPaperStyles', (html: string) => usesPaperStyles(html ?? ''));
  eleventyConfig.addFilter('parseDate', (value: unknown) => parsePostDate(value));
  eleventyConfig.addFilter('limit', <T>(items: T[], count: number) => (items ?? []).slice(0, count));
  eleventyConfig.addFilter('sitemapEntries', (pages: SitemapPage[]) => sitemapEntries(pages ?? [], rules.today));
  eleventyConfig.addFilter('rfc3339', (date: Date) => dateToRfc3339(date));
  // The feed's <updated>: the latest publication or `updated` day among its posts.
  eleventyConfig.addFilter('newestDate', (posts: Array<PostLike & { data: { updated?: unknown } }>) =>
    posts.length ? getNewestCollectionItemDate(posts.map((p) => ({ date: parsePostDate(p.data.updated) ?? p.date }))) : rules.today,
  );
  eleventyConfig.addFilter('tagSlug', (tag: string) => tagSlug(tag));
  // `November 15`: the archive groups by year, so the year is not repeated on each line.
  const monthDayFormat = new Intl.DateTimeFormat(settings.language, { month: 'long', day: 'numeric', timeZone: 'UTC' });
  eleventyConfig.addFilter('monthDay', (date: Date) => monthDayFormat.format(date));
  eleventyConfig.addFilter('byYear', (posts: PostLike[]) => postsByYear(posts ?? []));
  eleventyConfig.addFilter('published', (posts: PostLike[]) => publishedPosts(posts ?? [], rules.today));
  eleventyConfig.addFilter('tagList', (posts: PostLike[]) => tagList(posts ?? []));
  // 'draft' or 'scheduled' marks a post the development server shows but a build leaves out.
  eleventyConfig.addFilter('postStatus', (post: PostLike) => statusOf(post, rules.today));
}
