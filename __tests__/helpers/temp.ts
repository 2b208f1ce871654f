import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A new folder in the temp folder (jest's own: see __tests__/temp-root.ts). */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Remove `dir` (and all in it) once the test file's tests have run; returns `dir`. */
export function removeAfterAll(dir: string): string {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
