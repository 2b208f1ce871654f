import type { Finding } from './findings.js';
import type { Needle } from './source-locator.js';
import type { LinkRef, PageScan } from './page-scan.js';
import { pageUrlPath, type SiteFiles } from './site-files.js';
import { closest } from './suggest.js';
import { fragmentId, resolveLink } from './urls.js';

export interface LinkContext {
  files: SiteFiles;
  scans: Map<string, PageScan>;
  pathPrefix: string;
  /** The site's origin (`https://you.github.io`): absolute links to it are internal. */
  origin: string;
  isIgnored: (...forms: string[]) => boolean;
}

/** A link off the site, with every place it appears. */
export interface ExternalRef {
  page: string;
  link: LinkRef;
}

export interface LinkResults {
  findings: Finding[];
  external: Map<string, ExternalRef[]>;
  linksChecked: number;
}

const ASSET_NOUNS: Record<string, string> = { meta: 'social-card image', img: 'image', source: 'media file', video: 'media file', audio: 'media file', track: 'text track', script: 'script', link: 'file' };

/**
 * Resolve every internal URL of every page the way a browser and a static host
 * would, and report the ones that lead nowhere: missing page or file, or a
 * `#fragment` with no matching id on the target page. External URLs are collected.
 */
export function checkInternalLinks(ctx: LinkContext): LinkResults {
  const results: LinkResults = { findings: [], external: new Map(), linksChecked: 0 };
  let pagePaths: string[] | undefined;

  for (const [page, scan] of ctx.scans) {
    const pageUrl = new URL(pageUrlPath(page, ctx.pathPrefix), ctx.origin);
    const base = scan.baseHref !== undefined ? safeUrl(scan.baseHref, pageUrl) ?? pageUrl : pageUrl;
    for (const link of scan.links) {
      if (link.url.trim() === '' && link.attribute !== 'srcset') {
        const empty = emptyUrlFinding(link, page);
        if (empty) results.findings.push(empty);
        continue;
      }
      const target = resolveLink(link.url, base, ctx.pathPrefix);
      if (target.type === 'skip') continue;
      const report = (kind: Finding['kind'], message: string) =>
        results.findings.push({ severity: 'error', kind, message, url: link.url, page, needles: urlNeedles(link.url, ctx.pathPrefix), htmlLine: link.htmlLine });
      if (target.type === 'invalid') {
        if (!ctx.isIgnored(link.url)) report(link.role, `Broken ${link.role === 'link' ? 'link' : ASSET_NOUNS[link.tag] ?? 'file'}: ${link.url} ${target.reason}.`);
        continue;
      }
      if (target.type === 'external') {
        if (ctx.isIgnored(link.url, target.url)) continue;
        const refs = results.external.get(target.url) ?? [];
        refs.push({ page, link });
        results.external.set(target.url, refs);
        continue;
      }
      if (ctx.isIgnored(link.url, target.url.href, target.url.pathname + target.url.search)) continue;
      results.linksChecked++;

      const file = ctx.files.resolve(target.relPath);
      if (!file) {
        const wanted = target.relPath === '' || target.relPath.endsWith('/') ? `${target.relPath}index.html` : target.relPath;
        let message =
          link.role === 'link'
            ? `Broken link: ${link.url} — there is no page ${wanted} in the built site.`
            : `Missing ${ASSET_NOUNS[link.tag] ?? 'file'}: ${link.url} — there is no file ${wanted} in the built site.`;
        const caseVariant = ctx.files.resolveIgnoringCase(target.relPath);
        if (caseVariant) message += ` The site has ${caseVariant}: static hosts treat URLs as case-sensitive.`;
        else if (link.role === 'link') {
          pagePaths ??= [...ctx.scans.keys()].map((p) => pageUrlPath(p, ctx.pathPrefix));
          const suggestion = closest(target.url.pathname, pagePaths);
          if (suggestion) message += ` Did you mean ${suggestion}?`;
        }
        report(link.role, message);
        continue;
      }

      const fragment = fragmentId(target.url.hash);
      const targetScan = ctx.scans.get(file);
      if (!fragment || !targetScan) continue; // no fragment, or a non-HTML target
      if (targetScan.ids.has(fragment.decoded) || targetScan.ids.has(fragment.raw)) continue;
      const onPage = file === page ? 'this page' : pageUrlPath(file, ctx.pathPrefix);
      const message = `Broken fragment: ${link.url} — ${onPage} has no element with id "${fragment.decoded}".`;
      report('fragment', message + fragmentHint(fragment.decoded, link, file === page, targetScan));
    }
  }
  return results;
}

/**
 * What the author most likely meant by a fragment no id matches: an id that differs
 * only in case; an anchor written as an empty link (`<a href="#x"></a>` for
 * `<a id="x"></a>`); else the closest id, when it is close enough to be a typo.
 */
function fragmentHint(wanted: string, link: LinkRef, samePage: boolean, target: PageScan): string {
  const lower = wanted.toLowerCase();
  for (const id of target.ids) {
    if (id.toLowerCase() === lower) return ` The page has id "${id}": fragments are case-sensitive, write #${id}.`;
  }
  const anchorAsLink = `<a href="#${wanted}"></a>`;
  const fix = `write <a id="${wanted}"></a> to make it a target`;
  if (samePage && link.empty) return ` This ${anchorAsLink} is an empty link, not a target (an anchor written as a link): ${fix}.`;
  if (target.links.some((l) => l.empty && l.url.startsWith('#') && fragmentId(l.url)?.decoded === wanted)) {
    return ` The page has an empty ${anchorAsLink}, an anchor written as a link: ${fix}.`;
  }
  const suggestion = closest(wanted, target.ids);
  return suggestion ? ` Did you mean #${suggestion}?` : '';
}

/**
 * `href=""` and `src=""`: a link that only reloads its page, an image or file the
 * browser requests from the page's own URL. What the author left to fill in.
 */
function emptyUrlFinding(link: LinkRef, page: string): Finding | undefined {
  if (link.tag === 'meta') return undefined;
  const written = `${link.attribute}=""`;
  const needles: Needle[] = [{ text: written, match: 'anywhere' }, ...(link.tag === 'a' ? [{ text: '](<>)', match: 'anywhere' as const }, { text: ']()', match: 'anywhere' as const }] : link.tag === 'img' ? [{ text: ']()', match: 'anywhere' as const }] : [])];
  if (link.role === 'link') {
    return { severity: 'warning', kind: 'link', message: `Empty link: <${link.tag} ${written}> leads back to the page itself. Give it a URL, or remove the link.`, url: '', page, needles, htmlLine: link.htmlLine };
  }
  const noun = ASSET_NOUNS[link.tag] ?? 'file';
  return { severity: 'error', kind: 'asset', message: `Empty ${noun} URL: <${link.tag} ${written}> — the browser requests the page itself and shows nothing. Give it the file's URL, or remove it.`, url: '', page, needles, htmlLine: link.htmlLine };
}

/**
 * How the URL may be written in the source: as in the page; without the path prefix
 * the build added to root-relative links; with percent-encoding undone (markdown-it
 * encodes non-ASCII characters in link targets). Last, the parts that survive when the
 * build rewrote a relative link (`diagram.png` → `/posts/diagram.png`,
 * `other.md#x` → `/posts/other/#x`): the file name and the fragment.
 */
export function urlNeedles(url: string, pathPrefix: string, onThisSite = true): Needle[] {
  const forms = [url];
  // An absolute URL to this site (a social-card image) was usually written as a path.
  if (onThisSite && /^https?:\/\//i.test(url)) {
    const absolute = safeUrl(url);
    const pathForm = absolute ? absolute.href.slice(absolute.origin.length) : '';
    if (pathForm.length > 1) forms.push(pathForm);
  }
  for (const form of [...forms]) if (pathPrefix !== '/' && form.startsWith(pathPrefix)) forms.push(form.slice(pathPrefix.length - 1));
  // Templates write `&` in attribute values as `&amp;`.
  if (url.includes('&')) forms.push(...forms.map((f) => f.replaceAll('&', '&amp;')));
  const tails: string[] = [];
  const [beforeHash, hash] = splitOnce(url, '#');
  const fileName = /[^/?]+\.[A-Za-z0-9]+$/.exec(splitOnce(beforeHash, '?')[0])?.[0];
  if (fileName && fileName !== url) tails.push(hash === undefined ? fileName : `${fileName}#${hash}`);
  // A path the build normalised on the way (`//`, `./`, `../` collapsed) still ends as written.
  const folder = fileName ? undefined : /[^/?#]{3,}\/$/.exec(splitOnce(beforeHash, '?')[0])?.[0];
  if (folder && folder !== url) tails.push(hash === undefined ? folder : `${folder}#${hash}`);
  if (hash) tails.push(`#${hash}`);
  const needles: Needle[] = [];
  const add = (text: string, match: Needle['match']) => {
    needles.push({ text, match });
    try {
      const decoded = decodeURI(text);
      if (decoded !== text) needles.push({ text: decoded, match });
    } catch {
      // Not valid percent-encoding: only the literal form can be in the source.
    }
  };
  for (const form of forms) add(form, 'url');
  for (const tail of tails) add(tail, 'url-tail');
  return needles;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function safeUrl(href: string, base?: URL): URL | undefined {
  try {
    return new URL(href, base);
  } catch {
    return undefined;
  }
}
