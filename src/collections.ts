import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import slugifyText from '@sindresorhus/slugify';
import { postStatus, type PostStatus } from './site/publishing.js';

/** The glob of post sources, relative to the project root. */
export const POSTS_GLOB = './posts/**/*.{md,ipynb}';

/**
 * Eleventy ignores: everything but the Markdown and notebooks under posts/ and the pages under
 * site/pages/ (relative to the project root). Folders are listed by name, as read when
 * the config loads: a negated pattern (`!(posts|site)/**`) also hid the posts from a
 * build into a folder outside the project.
 */
export function contentIgnores(root = process.cwd()): string[] {
  const folders = readdirSync(root, { withFileTypes: true }).filter((e) => (e.isDirectory() || e.isSymbolicLink()) && e.name !== 'posts' && e.name !== 'site');
  const siteFolders = existsSync(path.join(root, 'site')) ? readdirSync(path.join(root, 'site'), { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'pages') : [];
  return ['*.*', ...folders.map((e) => `${e.name}/**`), 'site/*.*', ...siteFolders.map((e) => `site/${e.name}/**`), 'posts/**/*.!(md|ipynb)'];
}

export interface PostLike {
  date: Date;
  url?: string;
  data: { draft?: boolean; title?: string; tags?: string[] };
}

/** Newest first, ties broken by title so the order is stable. */
export function byDateDescending<T extends PostLike>(posts: T[]): T[] {
  return [...posts].sort((a, b) => b.date.getTime() - a.date.getTime() || String(a.data.title).localeCompare(String(b.data.title)));
}

/** Posts a reader of the public site sees (feeds and sitemap leave out drafts even in development). */
export function publishedPosts<T extends PostLike>(posts: T[], today: Date): T[] {
  return posts.filter((p) => statusOf(p, today) === 'published');
}

/** Status of a collection item, for the draft/scheduled markers of the development server. */
export function statusOf(post: PostLike, today: Date): PostStatus {
  return postStatus({ draft: post.data.draft, date: post.date }, today);
}

/** Keep language names apart: `C++` → `c-plus-plus`, `C#` → `c-sharp`, not both `c`. */
const TAG_REPLACEMENTS: Array<[string, string]> = [
  ['+', ' plus '],
  ['#', ' sharp '],
];

/**
 * The URL segment of a tag: `Machine Learning` → `machine-learning`. A tag with no
 * Latin transliteration keeps its own letters (`数学`), minus characters a path cannot hold.
 */
export function tagSlug(tag: string): string {
  return slugifyText(tag, { customReplacements: TAG_REPLACEMENTS }) || tag.trim().toLowerCase().replace(/[\s/\\?#%"'<>]+/g, '-');
}

export interface TagEntry<T> {
  /** The tag as first written (tags differing only in case or spacing share a page). */
  name: string;
  slug: string;
  count: number;
  /** Newest first. */
  posts: T[];
}

/** Every tag with its posts, alphabetically by name. */
export function tagList<T extends PostLike>(posts: T[]): TagEntry<T>[] {
  const bySlug = new Map<string, TagEntry<T>>();
  for (const post of byDateDescending(posts)) {
    for (const tag of new Set(post.data.tags ?? [])) {
      const slug = tagSlug(tag);
      const entry = bySlug.get(slug) ?? { name: tag, slug, count: 0, posts: [] };
      if (!entry.posts.includes(post)) {
        entry.posts.push(post);
        entry.count = entry.posts.length;
      }
      bySlug.set(slug, entry);
    }
  }
  return [...bySlug.values()].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
}

export interface YearGroup<T> {
  year: number;
  posts: T[];
}

/** Posts grouped by UTC year, newest year and post first (the archive page). */
export function postsByYear<T extends PostLike>(posts: T[]): YearGroup<T>[] {
  const groups: YearGroup<T>[] = [];
  for (const post of byDateDescending(posts)) {
    const year = post.date.getUTCFullYear();
    const last = groups.at(-1);
    if (last?.year === year) last.posts.push(post);
    else groups.push({ year, posts: [post] });
  }
  return groups;
}
