import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ChangedPost } from './messages.js';

/**
 * The posts among a pull request's changed files, each with its URL in the preview and whether
 * the build published it. `projectPrefix` is the blog's folder inside the repository ('' at the root).
 * A post at `posts/<name>.md` (or `posts/<name>/index.md`, or a notebook `posts/<name>.ipynb`) is published at `posts/<name>/`.
 */
export function changedPosts(files: string[], options: { projectPrefix: string; siteDir: string; siteUrl: string }): ChangedPost[] {
  const postsFolder = path.posix.join(options.projectPrefix, 'posts') + '/';
  return files
    .filter((file) => file.startsWith(postsFolder) && /\.(md|ipynb)$/.test(file))
    .map((file) => {
      const inside = file.slice(postsFolder.length).replace(/\.(md|ipynb)$/, '').replace(/(^|\/)index$/, '');
      const page = path.posix.join('posts', inside) + '/';
      return { file, published: existsSync(path.join(options.siteDir, page, 'index.html')), url: new URL(page, options.siteUrl).href };
    });
}
