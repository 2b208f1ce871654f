import { statusOf, type PostLike } from '../collections.js';
import { parsePostDate } from './front-matter.js';
import { isPostPath } from './publishing.js';

export interface SitemapPage extends PostLike {
  url: string;
  inputPath: string;
  outputPath?: string | false;
  data: PostLike['data'] & { sitemap?: boolean; noindex?: boolean; updated?: unknown };
}

export interface SitemapEntry {
  /** Site URL without path prefix. */
  url: string;
  /** Posts only: the day it was last updated (pages have no meaningful date). */
  lastmod?: Date;
}

const isPost = (page: SitemapPage) => isPostPath(page.inputPath);

/**
 * The pages a sitemap lists: every HTML page that is written, except pages that opt
 * out (`sitemap: false`, `noindex: true`) and posts a reader cannot see (drafts and scheduled posts,
 * which only the development server builds).
 */
export function sitemapEntries(pages: SitemapPage[], today: Date): SitemapEntry[] {
  return pages
    .filter((p) => typeof p.url === 'string' && p.outputPath !== false && (p.url.endsWith('/') || p.url.endsWith('.html')))
    .filter((p) => p.data.sitemap !== false && p.data.noindex !== true)
    .filter((p) => !isPost(p) || statusOf(p, today) === 'published')
    .map((p) => ({ url: p.url, lastmod: isPost(p) ? (parsePostDate(p.data.updated) ?? p.date) : undefined }))
    .sort((a, b) => a.url.localeCompare(b.url));
}
