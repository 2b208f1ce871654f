import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { assemble, type SourcePost } from './assemble.js';
import { dayOf, slugOf, splitPost, text, wordList } from './source-front-matter.js';
import type { ImportNote, ImportOptions, ImportResult, SourceFiles } from './types.js';

/**
 * A Jekyll site: posts in `_posts/` (`YYYY-MM-DD-title.md`) and `_drafts/`, settings
 * in `_config.yml` (its `permalink` style and `baseurl`). Liquid and Kramdown are
 * converted; each post keeps its old URL (its `permalink`, or the site's style) as a
 * redirect.
 */

const POST_FILE = /^(?:.*\/)?_(posts|drafts)\/(?:.*\/)?(?:(\d{4}-\d{2}-\d{2})-)?([^/]+)\.(md|markdown|mkd|mkdn)$/;

/** Jekyll's built-in permalink styles. */
const STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

export function isJekyllSite(files: SourceFiles): boolean {
  return files.has('_config.yml') || files.has('_config.yaml') || [...files.keys()].some((f) => /^_posts\//.test(f));
}

/** The URL Jekyll gives a post, from the permalink pattern. */
export function jekyllUrl(pattern: string, post: { date: string; slug: string; categories: string[] }): string {
  const [year, month, day] = post.date.split('-');
  const values: Record<string, string> = {
    year, month, day, i_month: String(Number(month)), i_day: String(Number(day)), short_year: year.slice(2),
    title: post.slug, slug: post.slug, categories: post.categories.map((c) => c.toLowerCase().replace(/\s+/g, '-')).join('/'), output_ext: '.html',
    y_day: String(Math.round((Date.UTC(+year, +month - 1, +day) - Date.UTC(+year, 0, 1)) / 86400000) + 1).padStart(3, '0'),
  };
  const url = pattern.replace(/:(\w+)/g, (m, name: string) => values[name] ?? m);
  return `/${url.replace(/^\/+/, '')}`.replace(/\/{2,}/g, '/');
}

export function importJekyll(files: SourceFiles, options: ImportOptions): ImportResult {
  const notes: ImportNote[] = [];
  const configFile = files.has('_config.yml') ? '_config.yml' : '_config.yaml';
  let config: Record<string, unknown> = {};
  try {
    config = (parseYaml(files.get(configFile)?.toString('utf8') ?? '') ?? {}) as Record<string, unknown>;
  } catch (err) {
    notes.push({ kind: 'unconverted', file: configFile, line: 0, message: `not valid YAML (${(err as Error).message.split('\n')[0]}); the default permalink style is assumed.` });
  }
  const permalink = text(config.permalink) ?? 'date';
  const pattern = STYLES[permalink] ?? permalink;
  const baseUrl = (text(config.baseurl) ?? '').replace(/\/+$/, '');

  const posts: SourcePost[] = [];
  for (const [file, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const m = POST_FILE.exec(file);
    if (!m) continue;
    const [, folder, fileDate, name] = m;
    const split = splitPost(bytes.toString('utf8'));
    if (split.error) notes.push({ kind: 'unconverted', file, line: 1, message: `front matter is not valid YAML (${split.error}); imported without it.` });
    const data = split.data;
    const date = dayOf(data.date) ?? fileDate;
    const title = text(data.title) ?? name.replace(/[-_]+/g, ' ');
    const categories = wordList(data.categories ?? data.category, /\s+/);
    const draft = folder === 'drafts' || data.published === false;
    const slug = slugOf(text(data.slug) ?? name) || slugOf(title);
    const ownPermalink = text(data.permalink);
    const oldUrl = folder === 'drafts' || !date ? undefined : jekyllUrl(ownPermalink ?? pattern, { date, slug: text(data.slug) ?? name, categories });
    if (!date) notes.push({ kind: 'unconverted', file, line: 1, message: `no date in the file name or front matter; dated ${options.today}.` });
    posts.push({
      source: file,
      slug,
      title,
      date: date ?? options.today,
      tags: [...new Set([...wordList(data.tags ?? data.tag, /\s+/), ...categories])],
      description: text(data.description) ?? text(data.excerpt) ?? text(data.summary),
      updated: dayOf(data.last_modified_at ?? data.updated),
      draft,
      oldUrl,
      redirects: wordList(data.redirect_from, /\s+/),
      body: split.body,
      bodyLine: split.bodyLine,
      names: [`${fileDate ? `${fileDate}-` : ''}${name}`, path.posix.join('_posts', path.posix.basename(file))],
    });
  }
  return assemble({ source: 'Jekyll', conversions: ['liquid', 'kramdown', 'indented-code'], baseUrl, staticDirs: [] }, posts, files, notes);
}
