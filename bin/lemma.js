#!/usr/bin/env node
// The `lemma` command: runs the compiled engine (build/). In a checkout of the engine,
// whose src/ is being edited, it first compiles what changed since the last compile.
import { existsSync } from 'node:fs';

if (existsSync(new URL('../src/cli.ts', import.meta.url))) {
  const { ensureCompiled } = await import('../scripts/build-engine.mjs');
  try {
    ensureCompiled();
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
}
const { runMain } = await import('../build/src/cli.js');
runMain(process.argv.slice(2));
