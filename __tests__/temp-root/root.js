import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A test run's own temp folder, made once per run by whichever global setup runs first:
 * everything the tests write to "the temp folder" (TMPDIR: Node's `os.tmpdir()`, child
 * processes, Chromium profiles) lands in it, never beside what other people's processes
 * write to the system's. Each test file gets a folder inside it (see environment.js);
 * the run's global teardown asserts that nothing was left (see teardown.ts).
 */
export function useOwnTempRoot() {
  if (process.env.LEMMA_TEST_TEMP_ROOT) return process.env.LEMMA_TEST_TEMP_ROOT;
  const root = mkdtempSync(path.join(tmpdir(), 'lemma-test-run-'));
  process.env.LEMMA_TEST_TEMP_ROOT = root;
  process.env.TMPDIR = root;
  return root;
}
