import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the engine's own files are, wherever it runs from: this repository (TypeScript
 * through tsx, or compiled into build/) or a blog's node_modules/lemma (compiled). The
 * blog's files are the working directory's; see src/project-layers.ts for how its site/
 * overrides the engine's.
 */

/** The package's name, which marks its root on the way up from this module. */
export const PACKAGE_NAME = 'lemma';

/** The engine's root: the nearest folder above this module holding Lemma's package.json. */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find Lemma's package.json above ${from}: the engine's folder is incomplete.`);
  }
}

const here = fileURLToPath(import.meta.url);

export const ENGINE_ROOT = findPackageRoot(path.dirname(here));

/** True when this is the compiled engine (build/src/*.js), false when tsx runs src/*.ts. */
export const COMPILED = here.endsWith('.js');

/** The Eleventy config, compiled or not, like the module asking. */
export const ELEVENTY_CONFIG = COMPILED ? path.join(ENGINE_ROOT, 'build/eleventy.config.js') : path.join(ENGINE_ROOT, 'eleventy.config.ts');

/** The engine's templates, styles and pages, which a blog's own site/ files override. */
export const ENGINE_SITE = path.join(ENGINE_ROOT, 'site');

/** A file of the engine, by its path in the package. */
export function engineFile(relative: string): string {
  return path.join(ENGINE_ROOT, relative);
}
