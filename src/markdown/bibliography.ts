import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as citationJs from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import type { Diagnostic } from './diagnostics.js';
import { displayPath } from './source-lines.js';

const { Cite } = citationJs;
/** citation-js keeps every message it logs (silent by default); problems are reported here, with lines. */
const citationLog = (citationJs as unknown as { logger: { _log: unknown[] } }).logger._log;

/** A CSL-JSON item as citation-js makes it from a BibTeX entry. */
export type CslItem = Record<string, unknown> & { id: string };

/**
 * Math in BibTeX fields (`$\mathbb{R}^n$`) would reach readers as mangled TeX: each
 * `$…$` is swapped for a marker of digits between private-use characters (which no
 * parser or style changes), and put back as an equation when the entry is rendered.
 */
export const MATH_MARKER = /\uE000(\d+)\uE001/g;
const mathSources: string[] = [];

/** The TeX behind a math marker's number. */
export function markedMath(n: number): string {
  return mathSources[n] ?? '';
}

function protectMath(text: string): string {
  return text.replace(/(?<!\\)\$([^$]+?)(?<!\\)\$/g, (_, tex: string) => {
    mathSources.push(tex);
    return `\uE000${mathSources.length - 1}\uE001`;
  });
}

export interface BibFile {
  /** As given to the reader: project-relative for messages. */
  file: string;
  items: CslItem[];
  problems: Diagnostic[];
}

/** Parsed files by path, kept while their text is unchanged. */
const parsed = new Map<string, { text: string; result: BibFile }>();

const problem = (file: string, line: number, message: string): Diagnostic => ({ severity: 'error', kind: 'markup', file, line, message });

/** The 1-based line of each entry's key (`@article{key,`). */
function keyLines(text: string): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  for (const match of text.matchAll(/@\s*[A-Za-z]+\s*[{(]\s*([^\s,{}()]+)\s*,/g)) {
    const line = text.slice(0, match.index).split('\n').length;
    lines.set(match[1], [...(lines.get(match[1]) ?? []), line]);
  }
  return lines;
}

/** Parse a `.bib` text: its entries, or problems located in the file (line of the error). */
export function parseBibtex(text: string, file: string): BibFile {
  let items: CslItem[];
  try {
    items = (new Cite(protectMath(text), { forceType: '@biblatex/text' } as never).data as CslItem[]).map((item) => ({ ...item, system_id: item.id }));
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    const line = Number(/at line (\d+)/.exec(message)?.[1] ?? 1);
    return { file, items: [], problems: [problem(file, line, `not valid BibTeX: ${message.replace(/ at line \d+ col \d+:?$/, '')}. Check the entry's braces, commas and quotes.`)] };
  }
  citationLog.length = 0;
  const problems: Diagnostic[] = [];
  for (const [key, lines] of keyLines(text)) {
    if (lines.length > 1) problems.push(problem(file, lines[1], `the key "${key}" is used twice (first at line ${lines[0]}); give each entry its own key.`));
  }
  return { file, items, problems };
}

/** Read and parse a `.bib` file (cached while its text stays the same). */
export function readBibFile(absolutePath: string): BibFile {
  const file = displayPath(absolutePath);
  const text = readFileSync(absolutePath, 'utf8');
  const hit = parsed.get(absolutePath);
  if (hit && hit.text === text) return hit.result;
  const result = parseBibtex(text, file);
  parsed.set(absolutePath, { text, result });
  return result;
}

/** The `bibliography:` front matter of a post as a list of paths (validated in front-matter.ts). */
export function frontMatterBibliographies(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Absolute paths of a post's bibliographies: the site's, then its own (relative to the post). */
export function bibliographyPaths(siteBibliography: string | undefined, inputPath: string | undefined, frontMatter: unknown): string[] {
  const paths = siteBibliography ? [path.resolve(siteBibliography)] : [];
  const dir = path.dirname(path.resolve(inputPath ?? 'input.md'));
  for (const p of frontMatterBibliographies(frontMatter)) paths.push(path.resolve(dir, p));
  return paths;
}

/** Each file's hash while its size and modification time stay the same (a site-wide file is asked for by every post). */
const fileHashes = new Map<string, { stamp: string; hash: string }>();

function fileHash(file: string): string {
  try {
    const stat = statSync(file);
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const hit = fileHashes.get(file);
    if (hit?.stamp === stamp) return hit.hash;
    const hash = createHash('sha256').update(readFileSync(file)).digest('base64url');
    fileHashes.set(file, { stamp, hash });
    return hash;
  } catch (err) {
    return `unreadable: ${(err as NodeJS.ErrnoException).code}`;
  }
}

/** What the document cache must know of the bibliographies: their paths and texts. */
export function bibliographyFingerprint(paths: string[]): string {
  return paths.map((p) => `${p}\0${fileHash(p)}`).join('\0');
}
