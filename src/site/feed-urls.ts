import { absoluteUrl } from './seo.js';
import type { SiteSettings } from '../settings.js';

/** Attributes that hold a URL in post content. */
export const URL_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  img: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
};

/**
 * A URL from a post's content as a feed reader needs it: absolute. Root-relative
 * URLs (`/posts/a/`) get origin and path prefix; relative ones resolve against the
 * post's own address; anything with a scheme stays as written.
 */
export function feedUrl(url: string, pageUrl: string, settings: Pick<SiteSettings, 'url' | 'pathPrefix'>): string {
  const trimmed = url.trim();
  if (!trimmed || /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) return trimmed;
  if (trimmed.startsWith('/')) return absoluteUrl(trimmed, settings);
  return new URL(trimmed, absoluteUrl(pageUrl, settings)).href;
}
