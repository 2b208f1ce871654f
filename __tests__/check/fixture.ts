import { cpSync } from 'node:fs';
import path from 'node:path';
import { REPO, makeProject } from '../helpers/project.js';

/** A temp blog project: the engine's site/ templates, then the named fixture laid over them. */
export function fixtureProject(name: 'broken' | 'valid'): string {
  const dir = makeProject({});
  cpSync(path.join(REPO, '__tests__/fixtures/check', name), dir, { recursive: true });
  return dir;
}
