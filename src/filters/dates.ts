/** Post dates are calendar days (YAML `2026-11-29` → UTC midnight); format them in UTC. */
export function readableDate(date: Date, locale = 'en'): string {
  // Creating a formatter costs far more than formatting: one per locale for the build.
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })));
  return format.format(date);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** `2026-11-29`, for `<time datetime>`. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
