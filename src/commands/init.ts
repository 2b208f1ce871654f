import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildDate, dayOf } from '../site/build-date.js';
import { ENGINE_ROOT, engineFile } from '../engine-files.js';
import { blogFiles } from './init-files.js';
import type { CommandContext } from './types.js';

/** "my-blog" → "My blog"; "notes_on_ML" → "Notes on ML". */
export function titleFromFolder(name: string): string {
  const words = name.replace(/[-_.]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'My blog';
}

/** An npm package name from a folder name. */
export function packageNameFromFolder(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'blog';
}

/** The engine the new blog depends on: this one by a relative `file:` path, unless it sits inside node_modules. */
export function defaultEngineSpec(blogDir: string, engineRoot = ENGINE_ROOT): string {
  if (engineRoot.split(path.sep).includes('node_modules')) {
    throw new InitError('This Lemma is an installed package, not a folder a new blog can depend on: name the engine with --engine, e.g. --engine github:owner/lemma#v1.0.0.');
  }
  const relative = path.relative(blogDir, engineRoot).split(path.sep).join('/') || '.';
  return `file:${relative.startsWith('.') ? relative : `./${relative}`}`;
}

/** `owner/repo@vN` from the engine's package.json (its repository and major version). */
export function actionReference(manifest: { version: string; repository?: string | { url?: string } }): string {
  const url = typeof manifest.repository === 'string' ? manifest.repository : (manifest.repository?.url ?? '');
  const repo = /github\.com[/:]([^/]+\/[^/#.]+)/.exec(url)?.[1] ?? 'owner/lemma';
  return `${repo}@v${manifest.version.split('.')[0]}`;
}

export class InitError extends Error {}

interface EngineManifest {
  version: string;
  repository?: string | { url?: string };
  devDependencies?: Record<string, string>;
  overrides?: Record<string, unknown>;
}

/**
 * npm applies overrides only from the project being installed, never from a dependency:
 * the engine's (versions that support Node 20) go into the blog's package.json, but for
 * those of packages a blog does not install: the engine's development dependencies and
 * (by its lockfile, when there is one) what only they depend on.
 */
export function blogOverrides(manifest: EngineManifest, lockfile?: { packages?: Record<string, { dev?: boolean }> }): Record<string, unknown> {
  const dev = new Set(Object.keys(manifest.devDependencies ?? {}));
  const runtime = lockfile?.packages
    ? new Set(Object.entries(lockfile.packages).filter(([at, entry]) => at && !entry.dev).map(([at]) => at.replace(/^.*node_modules\//, '')))
    : undefined;
  return Object.fromEntries(
    Object.entries(manifest.overrides ?? {}).filter(([key]) => {
      const name = key.replace(/(.)@.*$/, '$1');
      return !dev.has(name) && (!runtime || runtime.has(name));
    }),
  );
}

function engineLockfile(): { packages?: Record<string, { dev?: boolean }> } | undefined {
  const file = engineFile('package-lock.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function gitUserName(): string | undefined {
  try {
    return execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * `lemma init [folder] [--engine SPEC]`: write a posts-only blog into the folder (created
 * when missing). A file that exists is kept as it is, never overwritten.
 */
export async function initCommand({ values, args }: CommandContext): Promise<number> {
  if (args.length > 1) {
    console.error(`lemma init takes one folder (got ${args.length}: ${args.join(' ')}). Quote a name with spaces.`);
    return 2;
  }
  // `npm run lemma -- init ../blog` runs in the engine's folder; INIT_CWD is where it was typed.
  const dir = path.resolve(process.env.INIT_CWD ?? process.cwd(), args[0] ?? '.');
  const name = path.basename(dir);
  let engineSpec: string;
  try {
    engineSpec = typeof values.engine === 'string' && values.engine.trim() ? values.engine.trim() : defaultEngineSpec(dir);
  } catch (err) {
    if (err instanceof InitError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const manifest = JSON.parse(readFileSync(engineFile('package.json'), 'utf8')) as EngineManifest;
  const files = blogFiles({
    title: titleFromFolder(name),
    packageName: packageNameFromFolder(name),
    author: gitUserName() ?? 'Your Name',
    day: dayOf(buildDate()),
    engineSpec,
    action: actionReference(manifest),
    overrides: blogOverrides(manifest, engineLockfile()),
  });

  const written: string[] = [];
  const kept: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    const at = path.join(dir, file);
    mkdirSync(path.dirname(at), { recursive: true });
    try {
      // `wx` fails when the file exists: an author's file is never replaced.
      writeFileSync(at, text, { flag: 'wx' });
      written.push(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      kept.push(file);
    }
  }

  // As typed (`../my-blog`), unless that takes more climbing than the absolute path.
  const relative = path.relative(process.env.INIT_CWD ?? process.cwd(), dir) || '.';
  const shown = relative.split(path.sep).filter((part) => part === '..').length > 1 ? dir : relative;
  if (written.length > 0) console.log(`Created in ${shown}/: ${written.join(', ')}.`);
  if (kept.length > 0) console.log(`Kept (already there, not changed): ${kept.join(', ')}.`);
  console.log(`The blog depends on lemma ${engineSpec}. Next:\n\n  ${shown === '.' ? '' : `cd ${shown} && `}npm install && npm start\n`);
  return 0;
}
