import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildDate, dayOf } from '../site/build-date.js';
import { importSite, type SourceFiles } from '../import/index.js';
import { formatImportReport } from '../import/report.js';
import { existingTargets, writeImport } from '../import/write.js';
import type { CommandContext } from './types.js';

/** Folders of a site that hold its build output, caches or tools, never its posts. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '_site', 'public', 'output', 'resources', '.jekyll-cache', '.sass-cache', '__pycache__', '.cache', 'vendor']);

/** Every file of the source site, by path relative to it. */
function readSourceFiles(root: string): SourceFiles {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (entry.isFile()) {
        const full = path.join(dir, entry.name);
        files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full));
      }
    }
  };
  walk(root);
  return files;
}

/** `lemma import <folder>`: a Jekyll, Hugo or Pelican site (or a folder of Markdown) into posts/. */
export async function importCommand({ args }: CommandContext): Promise<number> {
  const [folder] = args;
  if (!folder) {
    console.error('Usage: npm run lemma -- import <folder>   (a Jekyll, Hugo or Pelican site, or a folder of Markdown)');
    return 2;
  }
  const source = path.resolve(folder);
  if (!statSync(source, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`${folder}: no such folder. Give the folder of the site to import.`);
    return 2;
  }
  const files = readSourceFiles(source);
  const result = importSite(files, { today: dayOf(buildDate()) });
  if (result.posts.length === 0) {
    console.error(`${folder}: no posts found (looked for a Jekyll, Hugo or Pelican site, or Markdown files). Nothing was written.`);
    return 1;
  }
  const existing = existingTargets(result, process.cwd());
  if (existing.length) {
    console.error(`These files already exist, and lemma import never overwrites:\n${existing.map((f) => `  ${f}`).join('\n')}\nNothing was written. Move them away (or import into an empty posts/) and run it again.`);
    return 1;
  }
  writeImport(result, files, process.cwd());
  console.log(formatImportReport(result, folder));
  return 0;
}
