import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running one of the engine's modules, named by its URL (`.js` or `.ts`).
 * The compiled engine starts the `.js` file beside the caller as it is. Run from the
 * TypeScript sources (tests, the bench) there is no `.js`: a two-line bootstrap registers
 * tsx in the new thread (loader flags of the main thread do not reach workers), then
 * imports the `.ts`.
 */
export function startEngineWorker(module: URL, options: WorkerOptions = {}): Worker {
  const compiled = new URL(module.href.replace(/\.ts$/, '.js'));
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, options);
  const source = new URL(module.href.replace(/\.js$/, '.ts'));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The former name, for callers written before the engine was compiled. */
export const startTypeScriptWorker = startEngineWorker;
