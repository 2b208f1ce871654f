import { InputError } from './inputs.js';
import { productionLocation, type SiteLocation } from './site-url.js';

/** The places a custom domain can be set, as the author knows them. */
export interface DomainSources {
  /** The `cname` input. */
  input: string;
  /** `CNAME` at the root of the Pages branch (what "Deploy from a branch" serves). */
  branch?: string;
  /** The custom domain in Settings → Pages, when the API told us. */
  setting?: string;
  branchName: string;
}

/** A CNAME file's domain: its first non-empty line, as GitHub reads it. */
export function cnameDomain(text: string | undefined): string | undefined {
  const line = text?.split(/\r?\n/).map((l) => l.trim()).find(Boolean);
  return line ? line.replace(/^https?:\/\//i, '').replace(/\/+$/, '').toLowerCase() : undefined;
}

/**
 * Where the production site is served. A custom domain GitHub Pages already serves (a `CNAME`
 * on the branch, the Settings domain) wins over the `<owner>.github.io/<repo>/` default, so
 * pages are built for the address readers see. Sources that disagree, or a `site-url` on
 * another host, are an error naming what to change: building for one address and serving at
 * another breaks every asset.
 */
export function resolveProduction(options: { siteUrl: string; domains: DomainSources; repository: string }): SiteLocation {
  const { domains } = options;
  const named = [
    { where: 'the "cname" input', value: domains.input.toLowerCase() },
    { where: `CNAME on the ${domains.branchName} branch`, value: domains.branch },
    { where: 'the custom domain in Settings → Pages', value: domains.setting },
  ].filter((d): d is { where: string; value: string } => Boolean(d.value));
  const distinct = [...new Set(named.map((d) => d.value))];
  if (distinct.length > 1) {
    const listed = named.map((d) => `${d.where} is "${d.value}"`).join(', ');
    const served = domains.setting ?? domains.branch!;
    throw new InputError(
      'cname',
      `${listed}. GitHub Pages serves the site at ${served}. Set "cname" to "${served}" (or remove it to keep the branch's), or change the custom domain in Settings → Pages first if the site is moving to "${domains.input}".`,
    );
  }
  const domain = distinct[0];
  if (options.siteUrl && domain) {
    const host = new URL(options.siteUrl).host.toLowerCase();
    if (host !== domain) {
      const from = named.find((d) => d.value === domain)!.where;
      throw new InputError('site-url', `"${options.siteUrl}" is not on the custom domain ${domain} (${from}), where GitHub Pages serves the site. Change "site-url" to "https://${domain}/", or remove it.`);
    }
  }
  return productionLocation({ siteUrl: options.siteUrl, cname: domain ?? '', repository: options.repository });
}
