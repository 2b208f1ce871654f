import path from 'node:path';
import type { Diagnostic } from '../markdown/index.js';

/**
 * Old URLs of a post, from its front matter: `redirect_from:` (Jekyll's
 * jekyll-redirect-from) and `aliases:` (Hugo). Each becomes a small page at the old
 * address that sends readers (and search engines) to the post's URL; the sitemap lists
 * only the new URL. A static host cannot answer with a 301, so the page does what
 * jekyll-redirect-from and Hugo write: a canonical link, an immediate meta refresh and
 * a plain link for anything that follows neither.
 */

export const REDIRECT_FIELDS = ['redirect_from', 'aliases'] as const;

export interface Redirect {
  /** Site path of the old URL, without the path prefix: `/2018/04/08/x.html`, `/post/x/`. */
  from: string;
  /** The post's URL it leads to. */
  to: string;
  title: string;
}

/** What is wrong with a `redirect_from`/`aliases` value, in words for the author; undefined when fine. */
export function redirectFieldProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) {
    if (typeof item !== 'string' || item.trim() === '') return 'must be a path or a list of paths, e.g. [/2018/04/08/old-name.html].';
    if (/^[a-z][a-z0-9+.-]*:/i.test(item) || item.startsWith('//')) return `"${item}" is a URL of another site; write the old path on this site, e.g. /2018/04/08/old-name.html.`;
    if (/[?#\s]/.test(item) || item.split('/').includes('..')) return `"${item}" is not a plain path: no spaces, "?", "#" or "..".`;
  }
  return undefined;
}

/** The old paths a post's front matter names, as site paths. */
export function redirectPaths(data: Record<string, unknown>, postUrl: string): string[] {
  const paths: string[] = [];
  for (const field of REDIRECT_FIELDS) {
    const value = data[field];
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== 'string') continue;
      // Hugo reads a relative alias against the page's section; jekyll-redirect-from from the site root.
      const base = field === 'aliases' ? path.posix.dirname(postUrl.replace(/\/$/, '')) : '/';
      paths.push(path.posix.resolve(base, item.trim()) + (item.trim().endsWith('/') ? '/' : ''));
    }
  }
  return [...new Set(paths.map((p) => p.replace(/\/{2,}/g, '/')))];
}

/** Where the redirect page is written: `/old/` → `old/index.html`, `/old.html` as it is, `/old` → `old/index.html`. */
export function redirectPermalink(from: string): string {
  if (from.endsWith('/')) return `${from}index.html`;
  return /\.html?$/i.test(from) ? from : `${from}/index.html`;
}

/** Every redirect of these posts, in URL order. */
export function postRedirects(posts: readonly { url?: string | false; data: Record<string, unknown> }[]): Redirect[] {
  const redirects: Redirect[] = [];
  for (const post of posts) {
    if (typeof post.url !== 'string') continue;
    for (const from of redirectPaths(post.data, post.url)) {
      if (sameAddress(from, post.url)) continue;
      redirects.push({ from, to: post.url, title: String(post.data.title ?? post.url) });
    }
  }
  return redirects.sort((a, b) => a.from.localeCompare(b.from));
}

/** `/x/`, `/x/index.html` and `/x` are one address on a static host. */
function addressKey(url: string): string {
  return url.toLowerCase().replace(/\/index\.html?$/, '/').replace(/\/$/, '');
}

function sameAddress(a: string, b: string): boolean {
  return addressKey(a) === addressKey(b);
}

/**
 * Old URLs that would overwrite a post, or be claimed by two posts: errors naming the
 * post whose front matter says so.
 */
export function redirectCollisions(
  posts: readonly { file: string; url: string; data: Record<string, unknown> }[],
  /** 1-based line of a front matter field in a post's file. */
  lineOf: (file: string, field: string) => number = () => 1,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const postAt = new Map(posts.map((p) => [addressKey(p.url), p]));
  const claimed = new Map<string, string>();
  for (const post of posts) {
    for (const from of redirectPaths(post.data, post.url)) {
      if (sameAddress(from, post.url)) continue;
      const field = REDIRECT_FIELDS.find((f) => post.data[f] !== undefined) ?? 'redirect_from';
      const owner = postAt.get(addressKey(from));
      const other = claimed.get(addressKey(from));
      const problem = (message: string) => problems.push({ severity: 'error', kind: 'front-matter', file: post.file, line: lineOf(post.file, field), message: `front matter "${field}": ${message}` });
      if (owner) problem(`${from} is the URL of ${owner.file}; a redirect there would replace that post. Remove it from the list.`);
      else if (other) problem(`${from} is also an old URL of ${other}; one address can lead to one post only.`);
      else claimed.set(addressKey(from), post.file);
    }
  }
  return problems;
}
