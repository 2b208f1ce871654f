import path from 'node:path';
import type { SiteSettings } from '../../settings.js';
import type { Finding } from '../findings.js';
import type { ExternalRef } from '../internal-links.js';
import { urlNeedles } from '../internal-links.js';
import type { CheckOptions } from '../types.js';
import { checkExternalUrls } from './checker.js';
import type { ExternalCheckOptions } from './types.js';

export type { ExternalCheckOptions, ExternalResult } from './types.js';
export { checkExternalUrls } from './checker.js';

/** Where good external results are remembered, relative to the project root. */
export const EXTERNAL_CACHE_FILE = '.cache/lemma/external-links.json';

/** Checker options from the settings, overridable per run. */
export function externalOptions(settings: SiteSettings, root: string, overrides: Partial<ExternalCheckOptions> = {}): ExternalCheckOptions {
  const external = settings.check.external;
  return {
    timeoutMs: external.timeoutSeconds * 1000,
    retries: external.retries,
    backoffMs: 1000,
    maxRetryAfterMs: 60_000,
    perHost: external.perHost,
    maxConcurrency: 16,
    maxRedirects: 10,
    cacheFile: path.join(root, EXTERNAL_CACHE_FILE),
    cacheMaxAgeMs: external.cacheHours * 3_600_000,
    userAgent: 'Mozilla/5.0 (compatible; lemma-check)',
    ...overrides,
  };
}

/** Check every distinct external URL once; one finding per place a failed URL appears. */
export async function checkExternal(
  refs: Map<string, ExternalRef[]>,
  settings: SiteSettings,
  root: string,
  options: CheckOptions,
): Promise<{ findings: Finding[]; checked: number }> {
  const results = await checkExternalUrls(refs.keys(), externalOptions(settings, root, options.externalOptions));
  const findings: Finding[] = [];
  for (const [url, result] of results) {
    if (result.ok) continue;
    for (const { page, link } of refs.get(url) ?? []) {
      findings.push({
        severity: options.strictExternal ? 'error' : 'warning',
        kind: 'external',
        message: `External link failed: ${link.url} — ${result.reason}.`,
        url: link.url,
        page,
        needles: urlNeedles(link.url, '/', false),
        htmlLine: link.htmlLine,
      });
    }
  }
  return { findings, checked: results.size };
}
