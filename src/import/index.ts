import { importHugo, isHugoSite } from './hugo.js';
import { importJekyll, isJekyllSite } from './jekyll.js';
import { importPelican, isPelicanSite } from './pelican.js';
import { importPlainFolder } from './plain.js';
import type { ImportOptions, ImportResult, SourceFiles } from './types.js';

export type { ImportResult, ImportNote, ImportedPost, CopiedFile, SourceFiles } from './types.js';

/**
 * The posts of another blog engine's site, as Lemma posts: the engine is recognised
 * from the files (`pelicanconf.py`, a Hugo config with `content/`, `_config.yml` or
 * `_posts/`), else the folder is taken as plain Markdown. Pure: files in, posts out.
 */
export function importSite(files: SourceFiles, options: ImportOptions): ImportResult {
  if (isPelicanSite(files)) return importPelican(files, options);
  if (isHugoSite(files)) return importHugo(files, options);
  if (isJekyllSite(files)) return importJekyll(files, options);
  return importPlainFolder(files, options);
}
