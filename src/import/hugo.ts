import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { assemble, type SourcePost } from './assemble.js';
import { dayOf, slugOf, splitPost, text, wordList } from './source-front-matter.js';
import type { ImportNote, ImportOptions, ImportResult, SourceFiles } from './types.js';

/**
 * A Hugo site: pages under `content/` (a page bundle's `index.md` with its files beside
 * it), settings in `hugo.toml` / `config.toml` / `.yaml` (its `baseURL` and
 * `[permalinks]`), files in `static/`. Shortcodes are converted; each page keeps its
 * old URL (`url`, the section's permalink pattern, or `/<section>/<slug>/`) and its
 * `aliases` as redirects.
 */

const CONFIG_FILES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'config.toml', 'config.yaml', 'config.yml', 'config/_default/hugo.toml', 'config/_default/config.toml'];

export function isHugoSite(files: SourceFiles): boolean {
  return CONFIG_FILES.some((f) => files.has(f)) && [...files.keys()].some((f) => f.startsWith('content/'));
}

function readConfig(files: SourceFiles, notes: ImportNote[]): Record<string, unknown> {
  const file = CONFIG_FILES.find((f) => files.has(f));
  if (!file) return {};
  const raw = files.get(file)!.toString('utf8');
  try {
    return ((file.endsWith('.toml') ? parseToml(raw) : parseYaml(raw)) ?? {}) as Record<string, unknown>;
  } catch (err) {
    notes.push({ kind: 'unconverted', file, line: 0, message: `could not be read (${(err as Error).message.split('\n')[0]}); Hugo's default URLs are assumed.` });
    return {};
  }
}

/** The URL Hugo gives a page from a permalink pattern. */
export function hugoUrl(pattern: string, page: { date: string; slug: string; title: string; filename: string; section: string }): string {
  const [year, month, day] = page.date.split('-');
  const values: Record<string, string> = { year, month, day, slug: page.slug, title: slugOf(page.title), filename: page.filename, contentbasename: page.filename, section: page.section, slugorfilename: page.slug, slugorcontentbasename: page.slug };
  const url = pattern.replace(/:(\w+)/g, (m, name: string) => values[name] ?? m);
  return `/${url.replace(/^\/+/, '')}`.replace(/\/{2,}/g, '/');
}

export function importHugo(files: SourceFiles, options: ImportOptions): ImportResult {
  const notes: ImportNote[] = [];
  const config = readConfig(files, notes);
  const baseUrl = (() => {
    try {
      return new URL(text(config.baseURL) ?? text(config.baseurl) ?? 'http://x/').pathname.replace(/\/+$/, '');
    } catch {
      return '';
    }
  })();
  const permalinks = (config.permalinks ?? {}) as Record<string, unknown>;
  const posts: SourcePost[] = [];
  for (const [file, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!/^content\/.+\.(md|markdown)$/.test(file) || /(^|\/)_index\.(md|markdown)$/.test(file)) continue;
    const relative = file.slice('content/'.length);
    const parts = relative.split('/');
    const section = parts.length > 1 ? parts[0] : '';
    const bundle = /(^|\/)index\.(md|markdown)$/.test(relative);
    const filename = bundle ? path.posix.basename(path.posix.dirname(relative)) : path.posix.basename(relative).replace(/\.\w+$/, '');
    const split = splitPost(bytes.toString('utf8'));
    if (split.error) notes.push({ kind: 'unconverted', file, line: 1, message: `front matter could not be read (${split.error}); imported without it.` });
    const data = split.data;
    const title = text(data.title) ?? filename.replace(/[-_]+/g, ' ');
    const date = dayOf(data.date) ?? dayOf(data.publishDate) ?? dayOf(filename);
    if (!date) notes.push({ kind: 'unconverted', file, line: 1, message: `no date in the front matter; dated ${options.today}.` });
    const slug = text(data.slug) ?? filename;
    const pattern = text(permalinks[section]) ?? text(permalinks.page);
    const oldUrl = text(data.url) ?? (pattern ? hugoUrl(pattern, { date: date ?? options.today, slug, title, filename, section }) : `/${section ? `${section}/` : ''}${slug}/`);
    posts.push({
      source: file,
      slug: slugOf(slug) || slugOf(title),
      title,
      date: date ?? options.today,
      tags: [...new Set([...wordList(data.tags, /,/), ...wordList(data.categories, /,/)])],
      description: text(data.description) ?? text(data.summary),
      updated: dayOf(data.lastmod),
      draft: data.draft === true,
      oldUrl: oldUrl.replace(/\/{2,}/g, '/'),
      // Hugo reads a relative alias against the page's section.
      redirects: wordList(data.aliases, /\s+/).map((a) => (a.startsWith('/') ? a : `/${section ? `${section}/` : ''}${a}`)),
      body: split.body,
      bodyLine: split.bodyLine,
      names: [relative, relative.replace(/\.\w+$/, ''), bundle ? path.posix.dirname(relative) : relative.replace(/\.\w+$/, ''), slug],
    });
  }
  return assemble({ source: 'Hugo', conversions: ['shortcodes', 'indented-code'], baseUrl, staticDirs: ['static'] }, posts, files, notes);
}
