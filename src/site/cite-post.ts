import type { SiteSettings } from '../settings.js';
import { absoluteUrl } from './seo.js';

/** What "Cite this post" needs of a post. */
export interface CitablePost {
  title: string;
  date: Date;
  url: string;
  /** The file's name without extension (`basel-problem`), for the entry's key. */
  fileSlug: string;
}

/** BibTeX's special characters outside math (`$…$` is kept as TeX, which BibTeX reads). */
function bibtexText(text: string): string {
  return text
    .split(/(\$[^$]*\$)/)
    .map((part, i) => (i % 2 ? part : part.replace(/\\/g, '\0').replace(/([&%#_{}])/g, '\\$1').replace(/\0/g, '\\textbackslash{}')))
    .join('');
}

/** "Ada Lovelace" → "Lovelace, Ada" (BibTeX's unambiguous form); a single name stays as it is. */
function bibtexName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts.length < 2 ? name.trim() : `${parts.at(-1)}, ${parts.slice(0, -1).join(' ')}`;
}

/**
 * A BibTeX entry for the post itself: `@online` with author, title, year, month and its
 * full URL, keyed `lovelace2026basel-problem` (the author's last name, the year, the slug).
 */
export function postBibtex(post: CitablePost, settings: Pick<SiteSettings, 'author' | 'title' | 'url' | 'pathPrefix'>): string {
  const family = bibtexName(settings.author.name).split(',')[0].toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');
  const year = post.date.getUTCFullYear();
  const fields: [string, string][] = [
    ['author', bibtexText(bibtexName(settings.author.name))],
    ['title', bibtexText(String(post.title))],
    ['year', String(year)],
    ['month', ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'][post.date.getUTCMonth()]],
    ['url', absoluteUrl(post.url, settings)],
    ['organization', bibtexText(settings.title)],
  ];
  const key = `${family || 'post'}${year}${post.fileSlug.toLowerCase().replace(/[^a-z0-9-]/g, '')}`;
  const body = fields.map(([name, value]) => `  ${name} = ${name === 'month' ? value : `{${value}}`}`).join(',\n');
  return `@online{${key},\n${body}\n}`;
}
