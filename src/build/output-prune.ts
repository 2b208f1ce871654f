import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeJsonFile } from '../json-file.js';

/**
 * Eleventy writes into the output folder without emptying it, so the page of a post
 * since renamed or deleted would stay there: deployed from a local build, and passed
 * by `lemma check` as the target of a link that the next clean build breaks.
 *
 * Each production build records the files it wrote (`OUTPUT_MANIFEST`, per output
 * folder); the next one removes those it did not write again, and the folders they
 * leave empty. Only files a build of this project wrote are ever removed, so pointing
 * `--output` at a folder that holds anything else loses nothing of it.
 */

/** Where the files of the last build into each output folder are listed, relative to the project root. */
export const OUTPUT_MANIFEST = '.cache/lemma/output-files.json';

/** One output folder's entry: its files (relative, `/`-separated) and the folders written whole after them. */
interface ManifestEntry {
  files: string[];
  folders: string[];
}

type Manifest = Record<string, ManifestEntry>;

function readManifest(file: string): Manifest {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
    const entries = Object.entries(data as Record<string, Partial<ManifestEntry>>).filter(
      ([, entry]) => Array.isArray(entry?.files) && Array.isArray(entry?.folders) && [...entry.files, ...entry.folders].every((f) => typeof f === 'string'),
    );
    return Object.fromEntries(entries) as Manifest;
  } catch {
    // Missing or damaged: nothing is known to be the build's, so nothing is removed.
    return {};
  }
}

/** `relative` inside `root`, or undefined if it would lead out of it. */
function inside(root: string, relative: string): string | undefined {
  const full = path.resolve(root, relative);
  return full.startsWith(`${root}${path.sep}`) ? full : undefined;
}

/** Remove `dir` and its parents up to (not including) `root` while they are empty. */
export function removeEmptyFolders(dir: string, root: string): void {
  for (let current = dir; current.startsWith(`${root}${path.sep}`); current = path.dirname(current)) {
    if (!existsSync(current) || readdirSync(current).length > 0) return;
    rmdirSync(current);
  }
}

/**
 * After a production build has written its pages: remove the files the last build into
 * `outputDir` wrote that this one did not (returned, relative and sorted), and the
 * `rewritten` folders whole (the search index, written next: Pagefind names its files by
 * their content, so each index would add to the last), then record this build's files.
 */
export function pruneOutput(outputDir: string, written: Iterable<string>, options: { rewritten: string[]; projectRoot: string }): string[] {
  const root = path.resolve(outputDir);
  const manifestFile = path.resolve(options.projectRoot, OUTPUT_MANIFEST);
  const manifest = readManifest(manifestFile);
  const previous = manifest[root] ?? { files: [], folders: [] };
  const files = [...new Set([...written].map((file) => path.relative(root, path.resolve(file)).split(path.sep).join('/')))].sort();
  const current = new Set(files);
  const removed: string[] = [];
  for (const file of previous.files) {
    const full = inside(root, file);
    if (!full || current.has(file) || !existsSync(full)) continue;
    rmSync(full, { force: true });
    removed.push(file);
    removeEmptyFolders(path.dirname(full), root);
  }
  for (const folder of previous.folders) {
    const full = inside(root, folder);
    if (full) rmSync(full, { recursive: true, force: true });
  }
  manifest[root] = { files, folders: options.rewritten };
  // Folders since deleted (a CI run's scratch project) are forgotten: the list stays small.
  writeJsonFile(manifestFile, Object.fromEntries(Object.entries(manifest).filter(([dir]) => existsSync(dir))));
  return removed.sort();
}

/** What `Eleventy#write()` resolves to in a build: its passthrough copies and its pages. */
export type EleventyWriteResults = [passthrough: { map?: Record<string, string> }[], templates: unknown[]];

/** Every file a build wrote, from what `Eleventy#write()` returned. */
export function writtenFiles([passthrough, templates]: EleventyWriteResults): string[] {
  const files: string[] = [];
  for (const copy of passthrough) files.push(...Object.values(copy?.map ?? {}));
  for (const page of templates.flat(Infinity) as { outputPath?: unknown }[]) {
    if (typeof page?.outputPath === 'string') files.push(page.outputPath);
  }
  return files;
}
