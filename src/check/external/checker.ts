import { STATUS_CODES } from 'node:http';
import { ExternalLinkCache } from './cache.js';
import { HostLimiter, sleep } from './limiter.js';
import { probe, type ProbeOutcome } from './probe.js';
import type { ExternalCheckOptions, ExternalResult } from './types.js';

/** Network errors a retry cannot fix. */
const PERMANENT_NETWORK_ERRORS = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED']);

/**
 * Check each distinct URL once: bounded concurrency per host, retries with
 * exponential backoff on timeouts, network errors, 5xx and 429 (waiting as long as
 * `Retry-After` asks, within a limit), and a cache of good results.
 */
export async function checkExternalUrls(urls: Iterable<string>, options: ExternalCheckOptions): Promise<Map<string, ExternalResult>> {
  const cache = new ExternalLinkCache(options.cacheFile, options.cacheMaxAgeMs);
  const limiter = new HostLimiter(options.perHost, options.maxConcurrency);
  const results = new Map<string, ExternalResult>();
  await Promise.all(
    [...new Set(urls)].map(async (url) => {
      const cached = cache.get(url);
      const result: ExternalResult = cached
        ? { url, ok: true, status: cached.status, attempts: 0, fromCache: true }
        : await checkOne(url, options, limiter);
      if (result.ok && !result.fromCache && result.status !== undefined) cache.remember(url, result.status);
      results.set(url, result);
    }),
  );
  cache.save();
  return results;
}

async function checkOne(url: string, options: ExternalCheckOptions, limiter: HostLimiter): Promise<ExternalResult> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await probe(url, options, limiter);
    if (outcome.kind === 'ok') {
      return { url, ok: true, status: outcome.status, finalUrl: outcome.finalUrl !== url ? outcome.finalUrl : undefined, attempts: attempt, fromCache: false };
    }
    const failure = (reason: string): ExternalResult => ({
      url,
      ok: false,
      status: outcome.kind === 'http' ? outcome.status : undefined,
      finalUrl: outcome.kind === 'http' && outcome.finalUrl !== url ? outcome.finalUrl : undefined,
      reason: attempt > 1 ? `${reason} (after ${attempt} attempts)` : reason,
      attempts: attempt,
      fromCache: false,
    });
    if (!isRetryable(outcome) || attempt > options.retries) return failure(describe(url, outcome, options));

    let delay = options.backoffMs * 2 ** (attempt - 1);
    if (outcome.kind === 'http' && outcome.status === 429 && outcome.retryAfterMs !== undefined) {
      if (outcome.retryAfterMs > options.maxRetryAfterMs) {
        return failure(`HTTP 429 Too Many Requests: the server asks to wait ${Math.ceil(outcome.retryAfterMs / 1000)} s, longer than the ${Math.round(options.maxRetryAfterMs / 1000)} s limit`);
      }
      delay = outcome.retryAfterMs;
      // Every request to that host waits, not just this one.
      limiter.pause(outcome.finalUrl, Date.now() + delay);
    }
    await sleep(delay);
  }
}

function isRetryable(outcome: Exclude<ProbeOutcome, { kind: 'ok' }>): boolean {
  switch (outcome.kind) {
    case 'timeout':
      return true;
    case 'network':
      return !PERMANENT_NETWORK_ERRORS.has(outcome.code);
    case 'http':
      return outcome.status === 429 || outcome.status === 408 || outcome.status >= 500;
    default:
      return false;
  }
}

function describe(url: string, outcome: Exclude<ProbeOutcome, { kind: 'ok' }>, options: ExternalCheckOptions): string {
  switch (outcome.kind) {
    case 'timeout':
      return `no answer within ${options.timeoutMs / 1000} s`;
    case 'network':
      return outcome.code === 'ENOTFOUND' ? 'the host name does not resolve (ENOTFOUND)' : `could not connect (${outcome.code})`;
    case 'http':
    {
      const status = `HTTP ${outcome.status} ${STATUS_CODES[outcome.status] ?? ''}`.trim();
      return outcome.finalUrl !== url ? `${status} at ${outcome.finalUrl}, where it redirects` : status;
    }
    case 'redirect':
      return outcome.reason;
  }
}
