import { existsSync, readFileSync } from 'node:fs';
import { closest } from './check/suggest.js';

/** A link in the site header. */
export interface NavLink {
  text: string;
  url: string;
}

/** Everything an author configures, in `site/site.json`. */
export interface SiteSettings {
  title: string;
  description: string;
  /** Absolute site origin, e.g. `https://you.github.io` (no path prefix). */
  url: string;
  /** Where the site lives below the origin: `/` or `/repo/`. */
  pathPrefix: string;
  /** `<html lang>` and the feeds' language, e.g. `en`. */
  language: string;
  /** Shown in the footer, feeds, JSON-LD; `twitter` (`@handle`) goes in the Twitter card. */
  author: { name: string; url?: string; email?: string; twitter?: string };
  nav: NavLink[];
  /** KaTeX macros for every post; `numbering`: AMS equation numbers (a post's front matter can turn them off). */
  math: { macros: Record<string, string>; numbering: boolean };
  /** Site path of the default social-card image (Open Graph / Twitter), e.g. `/assets/card.png`. */
  image?: string;
  /** How many of the newest posts the Atom and JSON feeds carry, in full. */
  feed: { entries: number };
  check: CheckSettings;
  /** Whether posts may use JavaScript front matter (`---js`) and `*.11tydata.js` files (off: they run at build time). */
  allowJavaScriptInPosts: boolean;
  /** Citations: `author-date` (default) or `numeric`, and a `.bib` file every post may cite from (relative to the project). */
  citations: { style: 'author-date' | 'numeric'; bibliography?: string };
}

/** How `lemma check` treats links (`check` in site.json). */
export interface CheckSettings {
  /** URLs never checked: a URL prefix, a pattern with `*` wildcards, or a `/regular expression/`. */
  ignore: string[];
  /** External links (`lemma check --external`). */
  external: {
    /** Give up on a request after this long. */
    timeoutSeconds: number;
    /** Further attempts after a timeout, network error, 5xx or 429. */
    retries: number;
    /** Requests in flight to one host at a time. */
    perHost: number;
    /** Reuse a good result for this long before asking the host again. */
    cacheHours: number;
  };
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = {
  ignore: [],
  external: { timeoutSeconds: 15, retries: 2, perHost: 2, cacheHours: 24 },
};

export class SettingsError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'SettingsError';
  }
}

export const DEFAULT_SETTINGS_FILE = 'site/site.json';

/**
 * Whether `LEMMA_CACHE` turns the caches in `.cache/lemma/` off (`off`, `0`, `false`,
 * `no`; `--no-cache` sets it): the build's render cache and the check's page scans.
 */
export function cacheTurnedOff(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.LEMMA_CACHE;
  return value !== undefined && ['0', 'off', 'false', 'no'].includes(value.trim().toLowerCase());
}

/** `repo`, `/repo`, `repo/` → `/repo/`; empty → `/`. */
export function normalizePathPrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

function requireString(file: string, value: unknown, field: string, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SettingsError(file, `"${field}" must be a non-empty string${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}. Set it in ${file}.`);
  }
  return value;
}

function optionalString(file: string, value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new SettingsError(file, `"${field}" must be text in quotes (got ${JSON.stringify(value)}).`);
  return value;
}

/** Every key the settings know, by object path ("" is the top level). */
const KNOWN_KEYS: Record<string, string[]> = {
  '': ['title', 'description', 'url', 'pathPrefix', 'language', 'author', 'nav', 'math', 'image', 'feed', 'check', 'citations', 'allowJavaScriptInPosts', '$schema'],
  author: ['name', 'url', 'email', 'twitter'],
  math: ['macros', 'numbering'],
  feed: ['entries'],
  citations: ['style', 'bibliography'],
  check: ['ignore', 'external'],
  'check.external': ['timeoutSeconds', 'retries', 'perHost', 'cacheHours'],
};

/** Keys the settings do not know (a typo such as "pathprefix" is otherwise ignored without a word), with a guess. */
export function unknownSettings(raw: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  for (const [where, known] of Object.entries(KNOWN_KEYS)) {
    const object = where === '' ? raw : where.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], raw);
    if (typeof object !== 'object' || object === null || Array.isArray(object)) continue;
    for (const key of Object.keys(object)) {
      if (known.includes(key)) continue;
      const name = where ? `${where}.${key}` : key;
      const guess = known.find((k) => k.toLowerCase() === key.toLowerCase()) ?? closest(key, known);
      warnings.push(`unknown setting "${name}" is ignored.${guess ? ` Did you mean "${where ? `${where}.` : ''}${guess}"?` : ` Known ${where ? `keys of "${where}"` : 'settings'}: ${known.filter((k) => k !== '$schema').join(', ')}.`}`);
    }
  }
  return warnings;
}

/** Printed once per process (the settings are read by the build and by its config). */
const warned = new Set<string>();
function warnOnce(file: string, message: string, stream: NodeJS.WritableStream = process.stderr): void {
  const line = `${file}: warning: ${message}`;
  if (warned.has(line)) return;
  warned.add(line);
  stream.write(`${line}\n`);
}

/**
 * Read and validate the settings file, apply defaults, then the environment
 * (`LEMMA_URL`, `LEMMA_PATH_PREFIX`) which the Action and CLI flags use to point a build
 * at its Pages URL or a PR preview folder.
 */
export function loadSettings(file = process.env.LEMMA_SETTINGS ?? DEFAULT_SETTINGS_FILE, env = process.env): SiteSettings {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new SettingsError(file, `cannot read settings (${reason}).`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SettingsError(file, 'must be a JSON object.');
  for (const warning of unknownSettings(raw)) warnOnce(file, warning);
  for (const key of ['author', 'math', 'feed'] as const) {
    if (raw[key] !== undefined && (typeof raw[key] !== 'object' || raw[key] === null || Array.isArray(raw[key]))) {
      throw new SettingsError(file, `"${key}" must be an object, e.g. ${key === 'author' ? '{ "name": "Ada Lovelace" }' : key === 'math' ? '{ "numbering": true }' : '{ "entries": 20 }'}.`);
    }
  }
  const pathPrefix = env.LEMMA_PATH_PREFIX ?? raw.pathPrefix ?? '/';
  if (typeof pathPrefix !== 'string' || /[\\?#%\s]|(^|\/)\.\.?(\/|$)/.test(pathPrefix)) {
    throw new SettingsError(file, `"pathPrefix" must be a path such as "/" or "/repo/" (got ${JSON.stringify(pathPrefix)}).`);
  }
  const language = requireString(file, raw.language, 'language', 'en');
  try {
    if (Intl.getCanonicalLocales(language).length !== 1) throw new RangeError(language);
  } catch {
    throw new SettingsError(file, `"language" must be a language tag such as "en", "de" or "pt-BR" (got ${JSON.stringify(language)}).`);
  }

  const author = (raw.author ?? {}) as Record<string, unknown>;
  const math = (raw.math ?? {}) as Record<string, unknown>;
  const macros = (math.macros ?? {}) as Record<string, unknown>;
  for (const [name, body] of Object.entries(macros)) {
    if (!name.startsWith('\\') || typeof body !== 'string') {
      throw new SettingsError(file, `math.macros: "${name}" must look like "\\\\name": "TeX" (a backslash name and a string).`);
    }
  }
  if (math.numbering !== undefined && typeof math.numbering !== 'boolean') {
    throw new SettingsError(file, `"math.numbering" must be true or false (got ${JSON.stringify(math.numbering)}).`);
  }
  const nav = (raw.nav ?? []) as unknown;
  if (!Array.isArray(nav) || nav.some((l) => typeof l?.text !== 'string' || typeof l?.url !== 'string')) {
    throw new SettingsError(file, '"nav" must be a list of { "text": "...", "url": "/..." }.');
  }
  const feed = (raw.feed ?? {}) as Record<string, unknown>;
  const entries = feed.entries ?? 20;
  if (!Number.isInteger(entries) || (entries as number) < 1) throw new SettingsError(file, '"feed.entries" must be a whole number of posts, at least 1.');
  if (raw.image !== undefined && (typeof raw.image !== 'string' || !raw.image.startsWith('/'))) {
    throw new SettingsError(file, '"image" must be a site path such as "/assets/card.png".');
  }
  if (raw.allowJavaScriptInPosts !== undefined && typeof raw.allowJavaScriptInPosts !== 'boolean') {
    throw new SettingsError(file, `"allowJavaScriptInPosts" must be true or false (got ${JSON.stringify(raw.allowJavaScriptInPosts)}).`);
  }
  const url = (env.LEMMA_URL ?? requireString(file, raw.url, 'url', 'http://localhost:8080')).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) throw new SettingsError(file, `"url" must start with http:// or https:// (got "${url}").`);

  return {
    title: requireString(file, raw.title, 'title'),
    description: requireString(file, raw.description, 'description', ''),
    url,
    pathPrefix: normalizePathPrefix(pathPrefix),
    language,
    author: {
      name: requireString(file, author.name, 'author.name'),
      url: optionalString(file, author.url, 'author.url'),
      email: optionalString(file, author.email, 'author.email'),
      twitter: optionalString(file, author.twitter, 'author.twitter'),
    },
    nav: nav as NavLink[],
    math: { macros: macros as Record<string, string>, numbering: math.numbering !== false },
    image: raw.image as string | undefined,
    feed: { entries: entries as number },
    check: readCheckSettings(file, raw.check),
    allowJavaScriptInPosts: raw.allowJavaScriptInPosts === true,
    citations: readCitationSettings(file, raw.citations),
  };
}

function readCitationSettings(file: string, value: unknown): SiteSettings['citations'] {
  if (value === undefined) return { style: 'author-date' };
  const citations = value as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SettingsError(file, '"citations" must be an object, e.g. { "style": "numeric" }.');
  const style = citations.style ?? 'author-date';
  if (style !== 'author-date' && style !== 'numeric') throw new SettingsError(file, `"citations.style" must be "author-date" or "numeric" (got ${JSON.stringify(style)}).`);
  const bibliography = citations.bibliography;
  if (bibliography !== undefined && (typeof bibliography !== 'string' || !existsSync(bibliography))) {
    throw new SettingsError(file, `"citations.bibliography" must name a .bib file, relative to the project folder (cannot find ${JSON.stringify(bibliography)}).`);
  }
  return { style, bibliography: bibliography as string | undefined };
}

function readCheckSettings(file: string, value: unknown): CheckSettings {
  if (value === undefined) return DEFAULT_CHECK_SETTINGS;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SettingsError(file, '"check" must be an object.');
  const check = value as Record<string, unknown>;
  const ignore = check.ignore ?? [];
  if (!Array.isArray(ignore) || ignore.some((p) => typeof p !== 'string' || p === '')) {
    throw new SettingsError(file, '"check.ignore" must be a list of URL patterns, e.g. ["https://twitter.com/*"].');
  }
  const external = (check.external ?? {}) as Record<string, unknown>;
  const defaults = DEFAULT_CHECK_SETTINGS.external;
  const number = (key: keyof CheckSettings['external'], min: number): number => {
    const n = external[key] ?? defaults[key];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min) {
      throw new SettingsError(file, `"check.external.${key}" must be a number of at least ${min} (default ${defaults[key]}).`);
    }
    return n;
  };
  return {
    ignore: ignore as string[],
    external: { timeoutSeconds: number('timeoutSeconds', 0.001), retries: number('retries', 0), perHost: number('perHost', 1), cacheHours: number('cacheHours', 0) },
  };
}
