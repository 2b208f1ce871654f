#!/usr/bin/env node
// The `lemma` command: runs the compiled engine (build/). In a checkout of the engine with
// its development dependencies (src/ being edited), it first compiles what changed since
// the last compile. An installed package, or the Action's engine, has no src/ or no
// TypeScript: its build/ is what runs.
import { existsSync } from 'node:fs';

if (existsSync(new URL('../src/cli.ts', import.meta.url)) && existsSync(new URL('../node_modules/typescript/package.json', import.meta.url))) {
  const { ensureCompiled } = await import('../scripts/build-engine.mjs');
  try {
    ensureCompiled();
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
}
if (!existsSync(new URL('../build/src/cli.js', import.meta.url))) {
  // A checkout never installed, or a package installed with scripts turned off.
  console.error(`The Lemma engine in ${new URL('..', import.meta.url).pathname} is not compiled (no build/): run \`npm install\` there (in a blog: reinstall lemma, with install scripts allowed).`);
  process.exit(2);
}
const { runMain } = await import('../build/src/cli.js');
runMain(process.argv.slice(2));
