import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENGINE_ROOT, ENGINE_SITE } from './engine-files.js';

/**
 * A blog that holds only its posts and a few site/ files (a package depending on Lemma)
 * is built in a layered folder: its own folders and files linked in as they are, and a
 * site/ where each of the blog's files stands in for the engine's file of the same name.
 * Eleventy then sees one ordinary project, and every path (posts/x.md, _site/, .cache/)
 * names the blog's own file, through the link. The site/ files are copies, not links:
 * Eleventy copies a linked asset into the output as a link.
 */

/** What the layered folder never links: the engine provides site/, and the rest is not the blog's content. */
const NOT_LINKED = new Set(['site', 'node_modules', '.git']);

export interface LayeredProject {
  /** The folder to build in. */
  dir: string;
  /** Bring one file of site/ (relative to it) up to date with the blog's, or the engine's. */
  refresh(file: string): void;
  /** Remove the folder (the blog's files behind its links stay). */
  remove(): void;
}

/** Every file under `dir`, relative to it, with `/` separators. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/**
 * Whether `blogDir` needs the engine's site/ layered under its own: it is not the engine,
 * and its site/ lacks some file of the engine's (a copy of the whole engine, like this
 * repository's own sample blog or a repository made from it, builds where it is).
 */
export function needsLayers(blogDir: string): boolean {
  if (realpathSync(blogDir) === realpathSync(ENGINE_ROOT)) return false;
  const own = new Set(filesUnder(path.join(blogDir, 'site')));
  return filesUnder(ENGINE_SITE).some((file) => !own.has(file));
}

/** A link; on Windows a junction for a folder, a copy for a file (file links need privileges there). */
function link(target: string, at: string, isDir: boolean): void {
  if (process.platform !== 'win32') symlinkSync(target, at);
  else if (isDir) symlinkSync(target, at, 'junction');
  else copyFileSync(target, at);
}

/**
 * Make the layered folder for `blogDir`. `ensure` names folders of the blog to create
 * first when missing (the output folder and `.cache` of a build), so what is written
 * there lands in the blog.
 */
export function layerProject(blogDir: string, options: { ensure?: string[]; tempDir?: string } = {}): LayeredProject {
  const blog = path.resolve(blogDir);
  for (const folder of options.ensure ?? []) mkdirSync(path.join(blog, folder), { recursive: true });
  const dir = mkdtempSync(path.join(options.tempDir ?? tmpdir(), 'lemma-layers-'));
  try {
    for (const entry of readdirSync(blog, { withFileTypes: true })) {
      if (NOT_LINKED.has(entry.name)) continue;
      link(path.join(blog, entry.name), path.join(dir, entry.name), entry.isDirectory());
    }
    for (const file of new Set([...filesUnder(ENGINE_SITE), ...filesUnder(path.join(blog, 'site'))])) refresh(file);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  function refresh(file: string): void {
    const at = path.join(dir, 'site', file);
    const source = [path.join(blog, 'site', file), path.join(ENGINE_SITE, file)].find((candidate) => existsSync(candidate) && !statSync(candidate).isDirectory());
    if (!source) {
      // A file gone from both (a folder's name is not a file: left as it is).
      if (existsSync(at) && !statSync(at).isDirectory()) rmSync(at);
      return;
    }
    // Unchanged files are left alone: a rewrite would make Eleventy rebuild for nothing.
    if (existsSync(at) && readFileSync(at).equals(readFileSync(source))) return;
    mkdirSync(path.dirname(at), { recursive: true });
    copyFileSync(source, at);
  }
  return { dir, refresh, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
