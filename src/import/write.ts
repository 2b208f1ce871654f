import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportResult, SourceFiles } from './types.js';

/** Files the import would write that already exist: it never overwrites, so nothing is written. */
export function existingTargets(result: ImportResult, projectRoot: string): string[] {
  return [...result.posts.map((p) => p.file), ...result.files.map((f) => f.to)].filter((file) => existsSync(path.join(projectRoot, file)));
}

/**
 * Write the posts and their files into the project. Every target is checked first
 * (see `existingTargets`); should a write fail, what this call wrote is removed again.
 */
export function writeImport(result: ImportResult, files: SourceFiles, projectRoot: string): void {
  const written: string[] = [];
  try {
    for (const post of result.posts) {
      const target = path.join(projectRoot, post.file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, post.text, { flag: 'wx' });
      written.push(target);
    }
    for (const file of result.files) {
      const target = path.join(projectRoot, file.to);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, files.get(file.from)!, { flag: 'wx' });
      written.push(target);
    }
  } catch (err) {
    for (const file of written) rmSync(file, { force: true });
    throw err;
  }
}
