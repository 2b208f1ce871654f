import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/project.js';

test('dist/index.js is the current bundle of src/action (run `npm run package` after changing it)', () => {
  const fresh = path.join(mkdtempSync(path.join(tmpdir(), 'lemma-dist-')), 'index.js');
  execFileSync(process.execPath, [path.join(REPO, 'scripts/bundle-action.mjs'), '--outfile', fresh], { cwd: REPO });
  const committed = readFileSync(path.join(REPO, 'dist/index.js'), 'utf8');
  const current = readFileSync(fresh, 'utf8');
  // Compare sizes first so a stale bundle fails with a short message, not a 2 MB diff.
  expect({ stale: committed !== current, bytes: committed.length }).toEqual({ stale: false, bytes: current.length });
});
