import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineFile } from '../engine-files.js';

/**
 * Versions of the engine's own code, for cached results: the hash of the source, so
 * editing the code can never serve a result of the old code.
 */

/** One module's version (for code whose results are cached with `derived()`). */
export function sourceVersion(moduleUrl: string): string {
  return createHash('sha256').update(readFileSync(fileURLToPath(moduleUrl))).digest('base64url').slice(0, 16);
}

const folderVersions = new Map<string, string>();

/**
 * Every module in a folder, and the engine's lockfile (for the versions of what they
 * use; an installed package has none, and its package.json names its version): changing
 * any of them can change anything they produce.
 */
export function folderVersion(folderUrl: string): string {
  const dir = fileURLToPath(folderUrl);
  let version = folderVersions.get(dir);
  if (version) return version;
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (/\.[cm]?[jt]s$/.test(name)) hash.update(name).update('\0').update(readFileSync(path.join(dir, name)));
  }
  const lockfile = engineFile('package-lock.json');
  hash.update(readFileSync(existsSync(lockfile) ? lockfile : engineFile('package.json')));
  version = hash.digest('base64url').slice(0, 16);
  folderVersions.set(dir, version);
  return version;
}
