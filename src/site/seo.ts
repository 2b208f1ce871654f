import type { SiteSettings } from '../settings.js';

/**
 * A site URL (`/posts/a/`, as templates write it, without the path prefix) as the
 * absolute address readers and crawlers use: origin + path prefix + path.
 */
export function absoluteUrl(url: string, settings: Pick<SiteSettings, 'url' | 'pathPrefix'>): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return new URL(settings.pathPrefix.replace(/^\//, '') + url.replace(/^\//, ''), `${settings.url}/`).href;
}

export interface PostForStructuredData {
  title: string;
  description?: string;
  date: Date;
  updated?: Date;
  url: string;
  tags?: string[];
}

/**
 * schema.org `BlogPosting` for a post, serialised for a `<script type="application/ld+json">`:
 * `<` is escaped so no text in a title can close the script element.
 */
export function blogPostingJsonLd(post: PostForStructuredData, settings: SiteSettings): string {
  const url = absoluteUrl(post.url, settings);
  const data = {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    ...(post.description ? { description: post.description } : {}),
    datePublished: post.date.toISOString(),
    dateModified: (post.updated ?? post.date).toISOString(),
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    author: { '@type': 'Person', name: settings.author.name, ...(settings.author.url ? { url: settings.author.url } : {}) },
    publisher: { '@type': 'Organization', name: settings.title, url: absoluteUrl('/', settings) },
    inLanguage: settings.language,
    ...(post.tags?.length ? { keywords: post.tags.join(', ') } : {}),
  };
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
