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
  // Installed from git with its `prepare` script blocked (npm's allowScripts), or a checkout never installed.
  console.error(
    `The Lemma engine in ${new URL('..', import.meta.url).pathname} is not compiled (no build/). ` +
      'In a blog that installs it from git, allow its prepare script in package.json ("allowScripts": { "<its spec>": true }, or run `npm install-scripts approve lemma`), then `npm rebuild lemma`; in a checkout of the engine, run `npm install`.',
  );
  process.exit(2);
}
const { runMain } = await import('../build/src/cli.js');
runMain(process.argv.slice(2));
