import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The output folder is emptied of old pages and overwritten by every build: it must never
 * be, hold, or sit inside what the build reads. `--output site` would overwrite the site's
 * own assets with copies of themselves (truncating them), `--output .` would write the
 * site into the repository, `--output posts` would build a blog without posts.
 */

/** Folders of a project the build reads (or that Git keeps), relative to its root. */
export const SOURCE_FOLDERS = ['posts', 'site', '.git', 'node_modules', '.cache'];

export class OutputFolderError extends Error {
  constructor(output: string, reason: string) {
    super(`--output ${output}: ${reason} Build into a folder of its own, e.g. --output _site (the default). Nothing was written.`);
    this.name = 'OutputFolderError';
  }
}

/** The real path of `target`, or of its nearest existing parent with the rest appended (symlinks resolved). */
function realPath(target: string): string {
  const missing: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    try {
      return path.join(realpathSync(dir), ...missing.reverse());
    } catch {
      if (path.dirname(dir) === dir) return path.resolve(target);
      missing.push(path.basename(dir));
    }
  }
}

const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : `${parent}${path.sep}`);

/** Throws OutputFolderError when `output` is, holds, or lies inside the project's sources. */
export function assertOutputFolder(output: string, projectRoot = process.cwd()): void {
  const out = realPath(output);
  const root = realPath(projectRoot);
  if (within(root, out)) {
    throw new OutputFolderError(output, out === root ? 'that is the project folder itself: the site would be written over its sources.' : `that folder holds the project (${root}): the build would write over its sources.`);
  }
  for (const folder of SOURCE_FOLDERS) {
    const source = realPath(path.join(projectRoot, folder));
    if (within(out, source)) throw new OutputFolderError(output, `that is ${out === source ? '' : 'inside '}the project's ${folder}/ folder, which the build reads.`);
  }
}
