// Bundles the GitHub Action (src/action/index.ts) into one ESM file, dist/index.js, which
// action.yml runs with node24. `node scripts/bundle-action.mjs --outfile <file>` writes elsewhere
// (the dist-staleness test compares that with the committed dist/index.js).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outfile: { type: 'string', default: path.join(root, 'dist/index.js') } } });

await build({
  absWorkingDir: root,
  entryPoints: ['src/action/index.ts'],
  outfile: path.resolve(values.outfile),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // Some bundled CommonJS dependencies call require() for Node built-ins, which ESM lacks.
  banner: { js: "import { createRequire as __lemmaCreateRequire } from 'node:module';\nconst require = __lemmaCreateRequire(import.meta.url);" },
});
