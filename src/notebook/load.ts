import { readFileSync } from 'node:fs';
import path from 'node:path';
import { displayPath } from '../markdown/source-lines.js';
import { parseNotebook, type ParsedNotebook } from './parse.js';

/**
 * Notebooks as read in this process, by file: a build reads each notebook for its front
 * matter, its page and its images; parse it once for as long as its text is the same.
 */
const parsed = new Map<string, { text: string; notebook: ParsedNotebook }>();
/** Notebooks are large (images): keep the last few hundred. */
const LIMIT = 256;

/** The notebook's text and its parse (throws NotebookError for one that cannot be read). */
export function readNotebook(inputPath: string, root = process.cwd()): { text: string; notebook: ParsedNotebook } {
  const file = displayPath(inputPath, root);
  const text = readFileSync(path.resolve(root, inputPath), 'utf8');
  return { text, notebook: parseText(file, text) };
}

/** A notebook's text parsed (named `file` in messages), memoised on the text. */
export function parseText(file: string, text: string): ParsedNotebook {
  const known = parsed.get(file);
  if (known?.text === text) return known.notebook;
  const notebook = parseNotebook(file, text);
  if (parsed.size >= LIMIT) parsed.clear();
  parsed.set(file, { text, notebook });
  return notebook;
}
