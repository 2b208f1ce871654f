import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running one of the engine's modules, named by its compiled `.js` URL.
 * The compiled engine starts it as it is. Run from its TypeScript sources (tests, the
 * bench), the `.js` file does not exist: a two-line bootstrap registers tsx in the new
 * thread (loader flags of the main thread do not reach workers), then imports the `.ts`.
 */
export function startEngineWorker(module: URL, options: WorkerOptions = {}): Worker {
  if (existsSync(fileURLToPath(module))) return new Worker(module, options);
  const source = new URL(module.href.replace(/\.js$/, '.ts'));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
