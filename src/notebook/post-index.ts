import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FrontMatterResult } from '../site/front-matter.js';
import { findEmbeds } from './embed.js';
import { validateNotebookFrontMatter } from './front-matter.js';
import { readNotebook } from './load.js';
import { NotebookError, type ParsedNotebook } from './parse.js';

export { isMissingFrontMatter } from './front-matter.js';

export function isNotebook(file: string): boolean {
  return file.endsWith('.ipynb');
}

const validated = new WeakMap<ParsedNotebook, FrontMatterResult>();

/**
 * A notebook post's front matter (the notebook at `absolutePath`, named `file`) checked
 * as a Markdown post's is; unreadable JSON is a problem of the same kind.
 */
export function notebookFrontMatter(absolutePath: string, file: string): FrontMatterResult {
  let parsed: ParsedNotebook;
  try {
    // The project root, for messages that name the notebook as `file` does.
    const root = path.resolve(absolutePath, ...file.split('/').map(() => '..'));
    parsed = readNotebook(file, root);
  } catch (err) {
    if (err instanceof NotebookError) return { problems: err.problems };
    throw err;
  }
  let result = validated.get(parsed);
  if (!result) validated.set(parsed, (result = validateNotebookFrontMatter(parsed)));
  return result;
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
