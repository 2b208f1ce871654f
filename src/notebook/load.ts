import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { displayPath } from '../markdown/source-lines.js';
import { parseNotebook, type ParsedNotebook } from './parse.js';

/**
 * Notebooks as read in this process. A build reads each notebook for its front matter
 * (twice), its data, its page and its images, and one with many figures is tens of
 * megabytes: read and parse it once for as long as the file is unchanged.
 */
const byText = new Map<string, { text: string; notebook: ParsedNotebook }>();
const byFile = new Map<string, { mtimeMs: number; size: number; notebook: ParsedNotebook }>();
/** Notebooks are large (images): keep the last few hundred. */
const LIMIT = 256;

/** The notebook at `inputPath` (named by its project path in messages); throws NotebookError for one that cannot be read. */
export function readNotebook(inputPath: string, root = process.cwd()): ParsedNotebook {
  const absolute = path.resolve(root, inputPath);
  const { mtimeMs, size } = statSync(absolute);
  const known = byFile.get(absolute);
  if (known && known.mtimeMs === mtimeMs && known.size === size) return known.notebook;
  const notebook = parseText(displayPath(absolute, root), readFileSync(absolute, 'utf8'));
  if (byFile.size >= LIMIT) byFile.clear();
  byFile.set(absolute, { mtimeMs, size, notebook });
  return notebook;
}

/** A notebook's text parsed (named `file` in messages), memoised on the text. */
export function parseText(file: string, text: string): ParsedNotebook {
  const known = byText.get(file);
  if (known?.text === text) return known.notebook;
  const notebook = parseNotebook(file, text);
  if (byText.size >= LIMIT) byText.clear();
  byText.set(file, { text, notebook });
  return notebook;
}
