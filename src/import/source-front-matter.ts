import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

/** A source post split into its metadata and body, with the body's 0-based first line. */
export interface SplitPost {
  data: Record<string, unknown>;
  body: string;
  bodyLine: number;
  /** Why the metadata could not be read, when it could not. */
  error?: string;
}

/**
 * Front matter as the old engine read it: YAML between `---` (Jekyll, Hugo, Pelican's
 * yaml_metadata), TOML between `+++` (Hugo), or Pelican/Python-Markdown's `Key: value`
 * lines up to the first blank line.
 */
export function splitPost(text: string, pelicanHeader = false): SplitPost {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const fence = lines[0]?.trim();
  if (fence === '---' || fence === '+++') {
    const end = lines.findIndex((line, i) => i > 0 && line.trim() === fence);
    if (end > 0) {
      const raw = lines.slice(1, end).join('\n');
      const body = lines.slice(end + 1).join('\n');
      try {
        const data = fence === '---' ? parseYaml(raw) : parseToml(raw);
        return { data: (data && typeof data === 'object' ? data : {}) as Record<string, unknown>, body, bodyLine: end + 1 };
      } catch (err) {
        return { data: {}, body, bodyLine: end + 1, error: (err as Error).message.split('\n')[0] };
      }
    }
  }
  if (pelicanHeader && /^[A-Za-z][\w-]*:\s/.test(lines[0] ?? '')) {
    const data: Record<string, unknown> = {};
    let i = 0;
    for (; i < lines.length && lines[i].trim() !== ''; i++) {
      const m = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(lines[i]);
      if (!m) break;
      data[m[1].toLowerCase()] = m[2].trim();
    }
    return { data, body: lines.slice(i).join('\n'), bodyLine: i };
  }
  return { data: {}, body: lines.join('\n'), bodyLine: 0 };
}

/** YYYY-MM-DD of a date as the source wrote it (its own day, whatever the time zone). */
export function dayOf(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (value && typeof value === 'object' && 'toISOString' in value) return String((value as { toISOString(): string }).toISOString()).slice(0, 10);
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(value.trim());
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : undefined;
}

/** A list of words from a list, or from a comma- (Pelican) or space-separated (Jekyll) string. */
export function wordList(value: unknown, separator: RegExp): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(separator).map((v) => v.trim()).filter(Boolean);
  return [];
}

/** A string field, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Pelican's default slug: the title, lowercased, without punctuation, dashes for spaces. */
export function slugOf(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[-\s]+/g, '-');
}
