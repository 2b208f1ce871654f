import { isMap, isScalar, type Document } from 'yaml';
import type { Diagnostic } from '../markdown/index.js';
import { tagSlug } from '../collections.js';
import { parseDay } from './build-date.js';
import { REDIRECT_FIELDS, redirectFieldProblem } from './redirects.js';
import { FrontMatterYamlError, dropControlCharacters, frontMatterValue, parseFrontMatterDocument } from './front-matter-yaml.js';
import { controlCharacterLines } from '../markdown/control-characters.js';

/** Front matter of a post, once validated (the fields Lemma reads; others pass through). */
export interface PostFrontMatter {
  title: string;
  date: Date;
  tags: string[];
  description?: string;
  updated?: Date;
  draft: boolean;
  permalink?: string;
  [field: string]: unknown;
}

export interface FrontMatterResult {
  data?: PostFrontMatter;
  problems: Diagnostic[];
  /** 1-based file line of each top-level field. */
  lines?: Record<string, number>;
  /** Not errors: the post is built (control characters dropped). */
  warnings?: Diagnostic[];
}

const FENCE = /^---\s*$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A post date: a calendar day `YYYY-MM-DD` (or a full ISO timestamp). */
export function parsePostDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const day = parseDay(value);
  if (day) return day;
  if (!TIMESTAMP.test(value.trim()) || !parseDay(value.trim().slice(0, 10))) return undefined;
  const instant = new Date(value.trim().replace(' ', 'T'));
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** The YAML between the opening and closing `---`, and the file line it starts on; or what is wrong. */
function extractFrontMatter(text: string): { yaml: string; firstLine: number } | { missing: string; line: number } {
  // A UTF-8 byte order mark (some Windows editors write one) is not part of the text.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const opening = /^---[ \t]*(\S*)[ \t]*$/.exec(lines[0] ?? '');
  if (!opening) return { missing: 'no front matter. Start the file with ---, a "title:" and a "date:" line, then ---.', line: 1 };
  if (opening[1] && !['yaml', 'yml'].includes(opening[1].toLowerCase())) {
    return { missing: `front matter is "---${opening[1]}"; write it in YAML, opening with a bare ---.`, line: 1 };
  }
  const end = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (end < 0) return { missing: 'the front matter opened by --- on line 1 is never closed. Add a line holding only --- after its last field.', line: 1 };
  return { yaml: lines.slice(1, end).join('\n'), firstLine: 2 };
}

/** 1-based file line of a top-level field (the front matter's first line when absent). */
function fieldLine(doc: Document, yaml: string, firstLine: number, field: string): number {
  if (!isMap(doc.contents)) return firstLine - 1;
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === field);
  const offset = isScalar(pair?.key) ? (pair.key.range?.[0] ?? 0) : undefined;
  if (offset === undefined) return firstLine - 1;
  return firstLine + (yaml.slice(0, offset).match(/\n/g)?.length ?? 0);
}

/**
 * Check one post's front matter the way Lemma will read it: `title` and `date` are
 * required, `date`/`updated` are real days, `tags` is a list of strings, `draft`/`toc`
 * are booleans. Every problem names the file, line and field, and says what to write.
 */
export function validateFrontMatter(file: string, text: string): FrontMatterResult {
  const problem = (line: number, field: string, message: string): Diagnostic => ({
    severity: 'error',
    kind: 'front-matter',
    file,
    line,
    message: `front matter "${field}": ${message}`,
  });
  const block = extractFrontMatter(text);
  if ('missing' in block) {
    if (block.missing.startsWith('no front matter')) return { problems: [problem(block.line, 'title', block.missing)] };
    return { problems: [{ severity: 'error', kind: 'front-matter', file, line: block.line, message: `front matter: ${block.missing}` }] };
  }
  const doc = parseFrontMatterDocument(block.yaml);
  const lineAt = (offset: number) => block.firstLine + (block.yaml.slice(0, offset).match(/\n/g)?.length ?? 0);
  let value: unknown;
  try {
    value = frontMatterValue(doc, block.yaml);
  } catch (err) {
    if (!(err instanceof FrontMatterYamlError)) throw err;
    return { problems: [{ severity: 'error', kind: 'front-matter', file, line: lineAt(err.offset), message: err.message }] };
  }
  const warnings = controlCharacterLines(block.yaml).map(({ line, found }): Diagnostic => ({
    severity: 'warning',
    kind: 'front-matter',
    file,
    line: block.firstLine + line,
    message: `front matter: control character ${found.join(', ')} dropped: it would make the feeds invalid XML. Delete it.`,
  }));
  const raw = dropControlCharacters(value ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [problem(block.firstLine, 'title', 'front matter must be "field: value" lines.')] };
  }
  const at = (field: string) => fieldLine(doc, block.yaml, block.firstLine, field);
  // Written as YAML escapes ("\f") they are in the value only.
  for (const [field, fieldValue] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    const line = at(field);
    if (JSON.stringify(fieldValue ?? null) !== JSON.stringify(raw[field] ?? null) && !warnings.some((w) => w.line === line)) {
      warnings.push({ severity: 'warning', kind: 'front-matter', file, line, message: `front matter "${field}": control character dropped: it would make the feeds invalid XML. Delete it.` });
    }
  }
  const problems: Diagnostic[] = [];

  const title = raw.title;
  if (title === undefined || title === null) problems.push(problem(at('title'), 'title', 'missing. Add a line like: title: My post'));
  else if (typeof title !== 'string' || title.trim() === '') problems.push(problem(at('title'), 'title', 'must be non-empty text.'));

  const date = raw.date === undefined || raw.date === null ? undefined : parsePostDate(raw.date);
  if (raw.date === undefined || raw.date === null) problems.push(problem(at('date'), 'date', 'missing. Add a line like: date: 2026-11-29'));
  else if (!date) problems.push(problem(at('date'), 'date', `"${String(raw.date)}" is not a date. Write the day as YYYY-MM-DD, e.g. 2026-11-29.`));

  const updated = raw.updated === undefined ? undefined : parsePostDate(raw.updated);
  if (raw.updated !== undefined && !updated) {
    problems.push(problem(at('updated'), 'updated', `"${String(raw.updated)}" is not a date. Write the day as YYYY-MM-DD.`));
  }

  const tags = raw.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || t.trim() === '')) {
    problems.push(problem(at('tags'), 'tags', 'must be a list of words, e.g. tags: [probability, machine-learning].'));
  } else {
    // A tag's page is /tags/<slug>/: "." or ".." would name a folder above it.
    const pathless = tags.find((t) => ['', '.', '..'].includes(tagSlug(t)));
    if (pathless !== undefined) problems.push(problem(at('tags'), 'tags', `"${pathless}" has no letters or digits to name its page /tags/…/. Use a word.`));
  }
  if (raw.layout !== undefined && raw.layout !== false && (typeof raw.layout !== 'string' || !/^[A-Za-z0-9_][\w.-]*(\/[\w][\w.-]*)*$/.test(raw.layout) || raw.layout.split('/').includes('..'))) {
    problems.push(problem(at('layout'), 'layout', `${JSON.stringify(raw.layout)} is not a layout in site/_includes. Write a path inside that folder, e.g. layout: layouts/post.njk (or leave it out).`));
  }
  for (const field of ['draft', 'toc', 'cite'] as const) {
    if (raw[field] !== undefined && typeof raw[field] !== 'boolean') {
      problems.push(problem(at(field), field, 'must be true or false.'));
    }
  }
  for (const field of ['description', 'permalink'] as const) {
    if (raw[field] !== undefined && (typeof raw[field] !== 'string' || raw[field] === '')) {
      problems.push(problem(at(field), field, 'must be non-empty text.'));
    }
  }

  const bibliography = raw.bibliography;
  if (bibliography !== undefined && !(typeof bibliography === 'string' && bibliography !== '') && !(Array.isArray(bibliography) && bibliography.length && bibliography.every((b) => typeof b === 'string' && b !== ''))) {
    problems.push(problem(at('bibliography'), 'bibliography', 'must be a .bib file beside the post (bibliography: refs.bib), or a list of them.'));
  }

  for (const field of REDIRECT_FIELDS) {
    const bad = redirectFieldProblem(raw[field]);
    if (bad) problems.push(problem(at(field), field, bad));
  }

  const lines = Object.fromEntries(Object.keys(raw).map((field) => [field, at(field)]));
  if (problems.length) return { problems, lines, warnings };
  return {
    lines,
    warnings,
    data: {
      ...raw,
      title: title as string,
      date: date!,
      updated,
      tags: tags as string[],
      draft: raw.draft === true,
      description: raw.description as string | undefined,
      permalink: raw.permalink as string | undefined,
    },
    problems,
  };
}
