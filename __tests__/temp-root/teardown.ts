import { readdirSync, rmSync } from 'node:fs';

/**
 * Last of all: the run's temp folder must be as it was made, empty. Each test file's
 * folder is gone with its file (environment.js), so anything here was written by a
 * process that outlived its test (a server not stopped) or by a global setup that did
 * not clean up. The run fails, naming what was left; the folder is removed either way.
 */
export default function globalTeardown(): void {
  const root = process.env.LEMMA_TEST_TEMP_ROOT;
  if (!root) throw new Error('No temp folder for this test run: __tests__/temp-root/setup.ts did not run.');
  const left = readdirSync(root);
  rmSync(root, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(`The tests left ${left.length} entries in the temp folder (${root}): ${left.slice(0, 10).join(', ')}. Remove what a test writes when it ends.`);
  }
}
