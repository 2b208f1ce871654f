import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Eleventy writes into the output folder without emptying it, so the page of a post
 * since renamed or deleted would stay there: deployed from a local build, and passed
 * by `lemma check` as the target of a link that the next clean build breaks. After a
 * production build has written its pages, this removes every file it did not write
 * (and the folders left empty), so the folder holds exactly the site. `rewritten`:
 * subfolders the build writes anew next (the search index, whose files Pagefind names
 * by their content): removed whole, and not listed among the files removed.
 */
export function pruneOutput(outputDir: string, written: Iterable<string>, options: { rewritten: string[]; projectRoot: string }): string[] {
  const root = path.resolve(outputDir);
  const project = path.resolve(options.projectRoot);
  // An output folder that holds the project (`--output .`) is never swept.
  if (project === root || project.startsWith(`${root}${path.sep}`) || !existsSync(root)) return [];
  const wanted = new Set([...written].map((file) => path.resolve(file)));
  const rewritten = new Set(options.rewritten.map((folder) => path.join(root, folder)));
  const removed: string[] = [];
  const sweep = (dir: string): boolean => {
    let empty = true;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (rewritten.has(full)) {
        rmSync(full, { recursive: true, force: true });
      } else if (entry.isDirectory()) {
        if (sweep(full)) rmdirSync(full);
        else empty = false;
      } else if (wanted.has(full)) {
        empty = false;
      } else {
        // A file or a symbolic link (removed itself, never followed).
        rmSync(full, { force: true });
        removed.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
    return empty;
  };
  sweep(root);
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
