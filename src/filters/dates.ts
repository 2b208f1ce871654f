/** Post dates are calendar days (YAML `2026-11-29` → UTC midnight); format them in UTC. */
export function readableDate(date: Date, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** `2026-11-29`, for `<time datetime>`. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
