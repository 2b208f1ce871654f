/** How the external link checker behaves; `lemma check` fills it from the settings. */
export interface ExternalCheckOptions {
  /** Give up on one request after this long. */
  timeoutMs: number;
  /** Further attempts after a timeout, network error, 5xx or 429. */
  retries: number;
  /** First retry delay; doubles on each further attempt (a server's Retry-After wins). */
  backoffMs: number;
  /** Longest Retry-After honoured; a server asking for more is reported as rate-limiting. */
  maxRetryAfterMs: number;
  /** Requests in flight to one host at a time. */
  perHost: number;
  /** Requests in flight overall. */
  maxConcurrency: number;
  maxRedirects: number;
  /** Where good results are remembered (null: no cache). */
  cacheFile: string | null;
  /** How long a good result is trusted. */
  cacheMaxAgeMs: number;
  userAgent: string;
}

/** What checking one external URL found. */
export interface ExternalResult {
  url: string;
  ok: boolean;
  /** Last HTTP status seen, when a server answered. */
  status?: number;
  /** Why it failed, in words. */
  reason?: string;
  /** Where the redirects ended, when there were any. */
  finalUrl?: string;
  attempts: number;
  fromCache: boolean;
}
