/** Where a URL written in a page points, once resolved the way a browser does. */
export type LinkTarget =
  | { type: 'skip' }
  | { type: 'external'; url: string }
  | { type: 'internal'; url: URL; relPath: string }
  | { type: 'invalid'; reason: string };

/** Schemes a browser hands to something other than the web (mail client, dialler, …). */
const NON_WEB_SCHEME = /^(?!https?:)[a-z][a-z0-9+.-]*:/i;

/**
 * Resolve `raw` (an attribute value) against the page it is on. Relative and
 * root-relative URLs, and absolute ones on the site's own origin and under its
 * path prefix, are internal: `relPath` is then the decoded path below the prefix.
 */
export function resolveLink(raw: string, pageUrl: URL, pathPrefix: string): LinkTarget {
  const value = raw.trim();
  if (value === '' || NON_WEB_SCHEME.test(value)) return { type: 'skip' };
  let url: URL;
  try {
    url = new URL(value, pageUrl);
  } catch {
    return { type: 'invalid', reason: 'is not a valid URL' };
  }
  if (url.origin !== pageUrl.origin) return { type: 'external', url: withoutHash(url) };
  const pathname = url.pathname === pathPrefix.slice(0, -1) ? pathPrefix : url.pathname;
  if (!pathname.startsWith(pathPrefix)) {
    // Under a prefix, another path on the same origin is someone else's site (or nothing).
    if (/^[a-z]+:/i.test(value)) return { type: 'external', url: withoutHash(url) };
    return { type: 'invalid', reason: `is outside the site's path prefix ${pathPrefix} (write it relative to the site root so the prefix is added)` };
  }
  const relPath = decodePath(pathname.slice(pathPrefix.length));
  if (relPath === undefined) return { type: 'invalid', reason: 'has malformed percent-encoding' };
  return { type: 'internal', url, relPath };
}

/** Percent-decode each segment as a static host does (`+` stays `+` in paths). */
function decodePath(encoded: string): string | undefined {
  try {
    return encoded.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}

function withoutHash(url: URL): string {
  const copy = new URL(url);
  copy.hash = '';
  return copy.href;
}

/**
 * The element id a `#fragment` asks for, or undefined when any page satisfies it:
 * `#` and `#top` scroll to the top, `#:~:text=` is a text fragment.
 */
export function fragmentId(hash: string): { raw: string; decoded: string } | undefined {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw === '' || raw.toLowerCase() === 'top' || raw.startsWith(':~:')) return undefined;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A browser then looks for the raw text only.
  }
  return { raw, decoded };
}
