/** Where the published site lives: the origin and path prefix handed to the engine. */
export interface SiteLocation {
  /** e.g. `https://octo.github.io` — no trailing slash. */
  origin: string;
  /** e.g. `/blog/` — always starts and ends with `/`. */
  pathPrefix: string;
}

/**
 * The production address, by precedence: the `site-url` input, then a custom domain (`cname`),
 * then the GitHub Pages default (`https://<owner>.github.io/<repo>/`, or the root for a
 * `<owner>.github.io` repository).
 */
export function productionLocation(options: { siteUrl: string; cname: string; repository: string }): SiteLocation {
  if (options.siteUrl) {
    const url = new URL(options.siteUrl);
    return { origin: url.origin, pathPrefix: withSlashes(url.pathname) };
  }
  if (options.cname) return { origin: `https://${options.cname}`, pathPrefix: '/' };
  const [owner, repo] = options.repository.split('/');
  const host = `${owner.toLowerCase()}.github.io`;
  return { origin: `https://${host}`, pathPrefix: repo.toLowerCase() === host ? '/' : `/${repo}/` };
}

/** The folder on the Pages branch that holds the preview of pull request `pr`. */
export function previewFolder(pr: number): string {
  return `pr-preview/pr-${pr}`;
}

export function previewLocation(production: SiteLocation, pr: number): SiteLocation {
  return { origin: production.origin, pathPrefix: `${production.pathPrefix}${previewFolder(pr)}/` };
}

export function locationUrl(location: SiteLocation): string {
  return `${location.origin}${location.pathPrefix}`;
}

function withSlashes(pathname: string): string {
  const trimmed = pathname.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}
