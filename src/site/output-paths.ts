import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

/**
 * One rule for where a build writes: every page and copied file lands inside the output
 * folder, at a path nothing else claims. Posts arrive through pull requests, so a
 * post's `permalink` is checked before Eleventy starts: it is a plain site path, with no
 * `..`, no template code, and not on the site's assets, search index, pages or images.
 */

/** Folders of the output that belong to the site itself, never to a post. */
export const RESERVED_FOLDERS = ['assets', 'pagefind'];
/** Files a post never claims: the host reads them (GitHub Pages) or the site writes them. */
const RESERVED_FILES = new Set(['.nojekyll', 'CNAME', '.well-known']);

/** What is wrong with a post's permalink, if anything (a sentence saying what to write instead). */
export function permalinkProblem(permalink: string): string | undefined {
  const example = 'Write a site path such as /notes/my-post/ (or leave permalink out: the post is published at /posts/<file name>/).';
  if (/[{}%]/.test(permalink)) return `"${permalink}" holds template code; a post's permalink is a plain path. ${example}`;
  if (/[\\\u0000-\u001f\u007f]/.test(permalink)) return `"${permalink}" holds a backslash or a control character. ${example}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(permalink)) return `"${permalink}" is a URL; a permalink is a path on this site. ${example}`;
  const segments = permalink.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return `"${permalink}" leads out of its folder ("." and ".." are not allowed): every page stays inside the site. ${example}`;
  if (segments.length === 0) return `"${permalink}" is the site's home page. ${example}`;
  if (RESERVED_FOLDERS.includes(segments[0].toLowerCase()) || RESERVED_FILES.has(segments[0])) {
    return `"${permalink}" is inside /${segments[0]}/, which belongs to the site itself (its ${segments[0] === 'pagefind' ? 'search index' : 'styles, scripts and fonts'}). ${example}`;
  }
  return undefined;
}

/** The file a site URL is written to, relative to the output folder: `/a/` → `a/index.html`. */
export function outputFileOf(url: string): string {
  const clean = url.replace(/^\/+/, '');
  return clean === '' || clean.endsWith('/') ? `${clean}index.html` : clean;
}

/** A URL the site's own pages write, and whether it claims everything below it too. */
export interface ClaimedUrl {
  url: string;
  prefix: boolean;
  /** The page or file that claims it, project-relative. */
  by: string;
}

/**
 * The URLs the site's own pages (site/pages/) are written at, from their front matter:
 * a plain permalink claims itself; one with template code (paginated pages such as
 * `/tags/{{ tag.slug }}/`) claims each folder it names (`/tags/`) and all below it.
 */
export function sitePageUrls(root: string, pagesDir = 'site/pages'): ClaimedUrl[] {
  let names: string[];
  try {
    names = readdirSync(path.join(root, pagesDir), { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  const claims: ClaimedUrl[] = [];
  for (const name of names.filter((n) => /\.(md|njk)$/.test(n)).sort()) {
    const by = `${pagesDir}/${name.split(path.sep).join('/')}`;
    const permalink = permalinkOf(readFileSync(path.join(root, by), 'utf8'));
    if (permalink === undefined) {
      // No permalink: Eleventy's default, the file's path without `site/pages/`'s prefix kept.
      claims.push({ url: `/${by.replace(/\.(md|njk)$/, '').replace(/\/index$/, '')}/`, prefix: false, by });
    } else if (!/[{%]/.test(permalink)) {
      claims.push({ url: `/${permalink.replace(/^\/+/, '')}`, prefix: false, by });
    } else {
      // Literal paths between the template tags: "/" alone is exact, any other folder a prefix.
      for (const literal of permalink.replace(/\{[{%][\s\S]*?[}%]\}/g, ' ').match(/\/[^\s{}%"']*/g) ?? []) {
        claims.push({ url: literal, prefix: literal !== '/' && literal.endsWith('/'), by });
      }
    }
  }
  return claims;
}

function permalinkOf(text: string): string | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) return undefined;
  const value = (parseDocument(match[1]).toJS() as Record<string, unknown> | null)?.permalink;
  return typeof value === 'string' ? value : undefined;
}

/** Which of the site's own pages, or copied files, already claim the page at `url`. */
export function conflictOf(url: string, claims: ClaimedUrl[], copied: ReadonlySet<string>): string | undefined {
  const file = outputFileOf(url).toLowerCase();
  for (const claim of claims) {
    const claimed = outputFileOf(claim.url).toLowerCase();
    if (claimed === file) return `${claim.by} (${claim.url})`;
    if (claim.prefix && file.startsWith(claim.url.replace(/^\/+/, '').toLowerCase())) return `${claim.by} (every page below ${claim.url})`;
  }
  for (const copy of copied) if (copy.toLowerCase() === file || file.startsWith(`${copy.toLowerCase()}/`)) return `the copied file ${copy}`;
  return undefined;
}

/**
 * The last line of defence, once Eleventy knows every page's URL and before it writes
 * one: pages whose URL would leave the output folder (a permalink the checks above did
 * not see, e.g. computed by JavaScript front matter the settings allow).
 */
export function pagesOutsideOutput(inputPathToUrl: Record<string, unknown[]>): string[] {
  const outside: string[] = [];
  for (const [inputPath, urls] of Object.entries(inputPathToUrl)) {
    for (const url of urls) {
      if (typeof url !== 'string') continue;
      let decoded = url;
      try {
        decoded = decodeURIComponent(url);
      } catch {
        // Malformed escapes are checked as written.
      }
      if (decoded.split(/[\\/]/).includes('..') || decoded.includes('\0')) outside.push(`${inputPath.replace(/^\.\//, '')} → ${url}`);
    }
  }
  return outside;
}

export class OutputPathError extends Error {
  constructor(pages: string[]) {
    super(`Build stopped: these pages would be written outside the output folder:\n  ${pages.join('\n  ')}\nGive them a permalink inside the site. No page was written.`);
    this.name = 'OutputPathError';
  }
}
