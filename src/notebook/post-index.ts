import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FrontMatterResult } from '../site/front-matter.js';
import { findEmbeds } from './embed.js';
import { validateNotebookFrontMatter } from './front-matter.js';
import { parseText } from './load.js';
import { NotebookError } from './parse.js';

export { isMissingFrontMatter } from './front-matter.js';

export function isNotebook(file: string): boolean {
  return file.endsWith('.ipynb');
}

/** A notebook post's front matter checked as a Markdown post's is; unreadable JSON is a problem of the same kind. */
export function notebookFrontMatter(file: string, text: string): FrontMatterResult {
  try {
    return validateNotebookFrontMatter(parseText(file, text));
  } catch (err) {
    if (err instanceof NotebookError) return { problems: err.problems };
    throw err;
  }
}

/** The notebooks (project-relative) that these Markdown files embed. */
export function notebooksEmbeddedIn(markdownFiles: string[], root: string): Set<string> {
  const targets = new Set<string>();
  for (const file of markdownFiles) {
    let text: string;
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue;
    }
    for (const embed of findEmbeds(text, file)) targets.add(embed.target);
  }
  return targets;
}
