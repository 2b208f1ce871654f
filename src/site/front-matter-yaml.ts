import { parseDocument, type Document } from 'yaml';
import { withoutControlCharacters } from '../markdown/control-characters.js';

/**
 * The one reading of front matter YAML, for the validator and for Eleventy (set as its
 * `yaml` front matter engine), so a post is built from exactly what was checked: YAML 1.2,
 * where `title: 2026-11-08` is the text the author wrote, not a date.
 */

/** Aliases expanded per document at most: a "billion laughs" alias bomb stops here. */
const MAX_ALIAS_COUNT = 100;
const OPTIONS = { prettyErrors: false, merge: true, uniqueKeys: true } as const;

export class FrontMatterYamlError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the YAML text where the problem is. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'FrontMatterYamlError';
  }
}

export function parseFrontMatterDocument(yaml: string): Document {
  return parseDocument(yaml, OPTIONS);
}

/** The document's value; throws FrontMatterYamlError (with where) on a syntax or resource-limit error. */
export function frontMatterValue(doc: Document, yaml: string): unknown {
  if (doc.errors.length) throw new FrontMatterYamlError(`front matter is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, doc.errors[0].pos[0]);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml throws a ReferenceError on an alias bomb: say what it is and where.
    const offset = Math.max(0, yaml.search(/(^|[\s[,{:-])\*\S/));
    throw new FrontMatterYamlError(`front matter is too large once its aliases (*name) are expanded: ${(err as Error).message}. Write the values out instead of repeating aliases.`, offset);
  }
}

/** Eleventy's front matter engine for YAML: the same reading, with the dates Eleventy expects. */
export function eleventyYamlEngine(toDate: (value: unknown) => Date | undefined) {
  return (yaml: string): Record<string, unknown> => {
    const value = frontMatterValue(parseFrontMatterDocument(yaml), yaml);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    // Dropped (and reported by the validator): they would make the feeds invalid XML.
    const data = dropControlCharacters(value) as Record<string, unknown>;
    for (const field of ['date', 'updated']) {
      const day = typeof data[field] === 'string' ? toDate(data[field]) : undefined;
      if (day) data[field] = day;
    }
    return data;
  };
}

/** `value` with control characters dropped from every string in it. */
export function dropControlCharacters(value: unknown): unknown {
  if (typeof value === 'string') return withoutControlCharacters(value);
  if (Array.isArray(value)) return value.map(dropControlCharacters);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dropControlCharacters(v)]));
  }
  return value;
}
