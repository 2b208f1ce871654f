/**
 * The day a build considers "today": posts dated after it stay unpublished.
 * Injectable (`LEMMA_BUILD_DATE=YYYY-MM-DD` or `lemma build --date`) so tests and the
 * scheduled rebuild can ask "what would the site look like on that day?".
 */
export class BuildDateError extends Error {
  constructor(value: string) {
    super(`LEMMA_BUILD_DATE / --date must be a day like 2026-11-29 (got "${value}").`);
    this.name = 'BuildDateError';
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` string as UTC midnight, or undefined when it is not a real calendar day. */
export function parseDay(value: string): Date | undefined {
  const match = DAY.exec(value.trim());
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC rolls 2026-02-30 over into March; a real day survives the round trip.
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}

/** The build's day: `LEMMA_BUILD_DATE` when set, else the current UTC day. */
export function buildDate(env: NodeJS.ProcessEnv = process.env, now = new Date()): Date {
  const injected = env.LEMMA_BUILD_DATE;
  if (injected !== undefined && injected.trim() !== '') {
    const day = parseDay(injected);
    if (!day) throw new BuildDateError(injected);
    return day;
  }
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** `YYYY-MM-DD` of a date, in UTC (post dates are calendar days). */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
