import path from 'node:path';
import { assemble, type SourcePost } from './assemble.js';
import { dayOf, slugOf, splitPost, text, wordList } from './source-front-matter.js';
import type { ImportNote, ImportOptions, ImportResult, SourceFiles } from './types.js';

/**
 * A Pelican site: articles under `content/` with `Key: value` metadata (or YAML front
 * matter), settings in `pelicanconf.py` (`PATH`, `ARTICLE_URL`, `SITEURL`). Liquid tags
 * (`{% notebook %}`, …), `{filename}`/`{static}` links, indented code and `[TOC]` are
 * converted; each article keeps its old URL (`ARTICLE_URL`, by default `{slug}.html`).
 */

export function isPelicanSite(files: SourceFiles): boolean {
  return files.has('pelicanconf.py');
}

/** `NAME = 'value'` settings of pelicanconf.py (strings only: all the import needs). */
function settings(source: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const m of source.matchAll(/^([A-Z_]+)\s*=\s*(['"])(.*?)\2\s*(?:#.*)?$/gm)) values[m[1]] = m[3];
  return values;
}

/** The URL Pelican gives an article from `ARTICLE_URL`. */
export function pelicanUrl(pattern: string, article: { date: string; slug: string; category: string }): string {
  const [year, month, day] = article.date.split('-');
  const url = pattern
    .replace(/\{date:%Y\}/g, year).replace(/\{date:%m\}/g, month).replace(/\{date:%d\}/g, day).replace(/\{date:%b\}/g, new Date(`${article.date}T00:00:00Z`).toLocaleString('en', { month: 'short', timeZone: 'UTC' }).toLowerCase())
    .replace(/\{slug\}/g, article.slug).replace(/\{category\}/g, slugOf(article.category)).replace(/\{lang\}/g, 'en');
  return `/${url.replace(/^\/+/, '')}`;
}

export function importPelican(files: SourceFiles, options: ImportOptions): ImportResult {
  const notes: ImportNote[] = [];
  const config = settings(files.get('pelicanconf.py')?.toString('utf8') ?? '');
  const contentDir = (config.PATH ?? 'content').replace(/^\.\/|\/+$/g, '');
  const pattern = config.ARTICLE_URL ?? '{slug}.html';
  let baseUrl = '';
  try {
    baseUrl = config.SITEURL ? new URL(config.SITEURL).pathname.replace(/\/+$/, '') : '';
  } catch {
    baseUrl = '';
  }
  const posts: SourcePost[] = [];
  for (const [file, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!file.startsWith(`${contentDir}/`) || !/\.(md|markdown|mkd)$/.test(file)) continue;
    if (file.startsWith(`${contentDir}/pages/`)) {
      notes.push({ kind: 'unconverted', file, line: 0, message: 'a Pelican page, not an article: not imported (copy it to site/pages/ by hand).' });
      continue;
    }
    const split = splitPost(bytes.toString('utf8'), true);
    if (split.error) notes.push({ kind: 'unconverted', file, line: 1, message: `metadata could not be read (${split.error}); imported without it.` });
    const data = split.data;
    const name = path.posix.basename(file).replace(/\.\w+$/, '');
    const title = text(data.title) ?? name.replace(/[-_]+/g, ' ');
    const date = dayOf(data.date) ?? dayOf(name);
    if (!date) notes.push({ kind: 'unconverted', file, line: 1, message: `no Date: metadata; dated ${options.today}.` });
    const slug = text(data.slug) ?? slugOf(title);
    const category = text(data.category) ?? (path.posix.dirname(file) !== contentDir ? path.posix.basename(path.posix.dirname(file)) : 'misc');
    // Python-Markdown's `[TOC]` marker: Lemma makes the table of contents itself.
    const body = split.body.replace(/^[ \t]*\[TOC\][ \t]*$/gm, () => {
      notes.push({ kind: 'converted', file, line: 0, message: '[TOC] dropped: Lemma makes the table of contents itself.' });
      return '';
    });
    posts.push({
      source: file,
      slug: slugOf(slug),
      title,
      date: date ?? options.today,
      tags: [...new Set([...wordList(data.tags, /,/), ...(text(data.category) ? [text(data.category)!] : [])])],
      description: text(data.summary) ?? text(data.description),
      updated: dayOf(data.modified),
      draft: /^(draft|hidden)$/i.test(text(data.status) ?? ''),
      oldUrl: date ? pelicanUrl(pattern, { date, slug, category }) : undefined,
      redirects: [],
      body,
      bodyLine: split.bodyLine,
      names: [file.slice(contentDir.length + 1), `/${file.slice(contentDir.length + 1)}`],
    });
  }
  const staticDirs = [contentDir, path.posix.join(contentDir, config.NOTEBOOK_DIR ?? 'notebooks')];
  return assemble({ source: 'Pelican', conversions: ['liquid', 'indented-code'], baseUrl, staticDirs, pelicanLinks: true }, posts, files, notes);
}
