import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import globalTeardown from './temp-root/teardown.js';

/**
 * The tests write to a temp folder of the run's own, never to the system's, where other
 * people's processes write at the same time; the run fails when anything is left in it.
 */
describe("the test run's temp folder", () => {
  const root = process.env.LEMMA_TEST_TEMP_ROOT!;

  test("os.tmpdir(), and child processes' too, is this file's folder inside the run's", () => {
    expect(root).toBeTruthy();
    expect(path.dirname(tmpdir())).toBe(root);
    expect(path.basename(tmpdir())).toMatch(/^file-/);
    const child = spawnSync(process.execPath, ['-p', "require('node:os').tmpdir()"], { encoding: 'utf8', env: process.env });
    expect(child.stdout.trim()).toBe(tmpdir());
  });

  test('the global teardown fails the run on anything left behind, and removes the folder either way', () => {
    const saved = process.env.LEMMA_TEST_TEMP_ROOT;
    try {
      const leaky = mkdtempSync(path.join(tmpdir(), 'run-'));
      mkdirSync(path.join(leaky, 'lemma-project-x'));
      writeFileSync(path.join(leaky, 'stray.txt'), '');
      process.env.LEMMA_TEST_TEMP_ROOT = leaky;
      expect(() => globalTeardown()).toThrow(/left 2 entries in the temp folder .*lemma-project-x, stray\.txt/);
      expect(existsSync(leaky)).toBe(false);

      const clean = mkdtempSync(path.join(tmpdir(), 'run-'));
      process.env.LEMMA_TEST_TEMP_ROOT = clean;
      expect(() => globalTeardown()).not.toThrow();
      expect(existsSync(clean)).toBe(false);
    } finally {
      process.env.LEMMA_TEST_TEMP_ROOT = saved;
    }
    expect(readdirSync(tmpdir())).toEqual([]);
  });
});
