import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TestEnvironment } from 'jest-environment-node';
import { useOwnTempRoot } from './root.js';

/**
 * Node's test environment, with a temp folder of its own for each test file, inside
 * the run's (root.js): `os.tmpdir()`, the child processes it starts and the browsers
 * it opens all write there, and it goes when the file's last hook has run. So a test
 * file cannot leave anything behind, even when it fails halfway.
 */
export default class LemmaTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.runTemp = useOwnTempRoot();
    this.fileTemp = mkdtempSync(path.join(this.runTemp, 'file-'));
    // os.tmpdir() reads this process's environment; the test's `process.env` is a copy.
    process.env.TMPDIR = this.fileTemp;
    this.global.process.env.TMPDIR = this.fileTemp;
  }

  async teardown() {
    await super.teardown();
    process.env.TMPDIR = this.runTemp;
    rmSync(this.fileTemp, { recursive: true, force: true });
  }
}
