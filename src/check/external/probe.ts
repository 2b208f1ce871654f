import type { HostLimiter } from './limiter.js';
import type { ExternalCheckOptions } from './types.js';

/** The outcome of one attempt at a URL, redirects followed. */
export type ProbeOutcome =
  | { kind: 'ok'; status: number; finalUrl: string }
  | { kind: 'http'; status: number; finalUrl: string; retryAfterMs?: number }
  | { kind: 'timeout' }
  | { kind: 'network'; code: string }
  | { kind: 'redirect'; reason: string };

interface Answer {
  status: number;
  location: string | null;
  retryAfter: string | null;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * One attempt: HEAD, falling back to GET when the server refuses or mishandles
 * HEAD (405, 501, or another 4xx but 429), following redirects one hop at a
 * time so loops and long chains are caught and every hop respects its host's limits.
 */
export async function probe(url: string, options: ExternalCheckOptions, limiter: HostLimiter): Promise<ProbeOutcome> {
  const visited = new Set<string>();
  let current = url;
  for (let hop = 0; hop <= options.maxRedirects; hop++) {
    visited.add(current);
    let answer = await request(current, 'HEAD', options, limiter);
    if (isHeadFailure(answer)) answer = await request(current, 'GET', options, limiter);
    if ('kind' in answer) return answer;
    if (REDIRECTS.has(answer.status) && answer.location) {
      let next: string;
      try {
        next = new URL(answer.location, current).href;
      } catch {
        return { kind: 'redirect', reason: `redirects to an invalid URL (${answer.location})` };
      }
      if (visited.has(next)) return { kind: 'redirect', reason: `redirect loop at ${next}` };
      current = next;
      continue;
    }
    if (answer.status < 400) return { kind: 'ok', status: answer.status, finalUrl: current };
    return { kind: 'http', status: answer.status, finalUrl: current, retryAfterMs: parseRetryAfter(answer.retryAfter) };
  }
  return { kind: 'redirect', reason: `more than ${options.maxRedirects} redirects` };
}

/** Servers that mishandle HEAD answer it with a client error or 501; 5xx and 429 mean "later". */
function isHeadFailure(answer: Answer | ProbeOutcome): boolean {
  if ('kind' in answer) return answer.kind === 'network';
  return (answer.status >= 400 && answer.status < 500 && answer.status !== 429) || answer.status === 501;
}

async function request(url: string, method: 'HEAD' | 'GET', options: ExternalCheckOptions, limiter: HostLimiter): Promise<Answer | ProbeOutcome> {
  return limiter.run(url, async () => {
    try {
      const response = await fetch(url, {
        method,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: { 'user-agent': options.userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      });
      // Only the status matters: do not download the body.
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, location: response.headers.get('location'), retryAfter: response.headers.get('retry-after') };
    } catch (err) {
      const error = err as Error & { cause?: { code?: string; message?: string } };
      if (error.name === 'TimeoutError' || error.name === 'AbortError') return { kind: 'timeout' };
      return { kind: 'network', code: error.cause?.code ?? error.cause?.message ?? error.message };
    }
  });
}

/** `Retry-After`: delay in seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
