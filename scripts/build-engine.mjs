// Compiles the engine (src/ and eleventy.config.ts) to JavaScript in build/, which every
// command, worker thread and the Action run: no TypeScript loader at run time.
//   node scripts/build-engine.mjs          clean build (npm run build:engine, prepare)
//   ensureCompiled() from bin/lemma.js     recompile only when a source is newer than the build
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = path.join(ROOT, 'build');
/** Written after each successful compile; its time is when that compile started. */
const STAMP = path.join(BUILD, '.compiled');
const INPUTS = ['src', 'eleventy.config.ts', 'tsconfig.json', 'tsconfig.build.json'];

function newestInput() {
  let newest = 0;
  const visit = (file) => {
    const stat = statSync(file);
    if (stat.isDirectory()) for (const name of readdirSync(file)) visit(path.join(file, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of INPUTS) if (existsSync(path.join(ROOT, input))) visit(path.join(ROOT, input));
  return newest;
}

function compile() {
  const started = new Date();
  let tsc;
  try {
    tsc = createRequire(path.join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    throw new Error('Cannot compile the Lemma engine: TypeScript is not installed. Run `npm install` in the engine folder (it installs the development dependencies), then try again.');
  }
  // Types are checked by `npm run typecheck`; this only emits the JavaScript.
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--noCheck'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`Compiling the Lemma engine failed (tsc exit ${result.status ?? result.signal}); see above.`);
  writeFileSync(STAMP, '');
  utimesSync(STAMP, started, started);
}

/** Compile when build/ is missing or older than a source (a checkout of the engine being edited). */
export function ensureCompiled() {
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestInput()) return;
  process.stderr.write('Compiling the Lemma engine (src/ changed since the last compile)…\n');
  compile();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    rmSync(BUILD, { recursive: true, force: true });
    compile();
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}
