import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/project.js';

/**
 * A module-resolution hook that appends every module URL the process loads to
 * LEMMA_LOAD_LOG (hooks run on their own thread: a file is how they report).
 */
const HOOK = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.LEMMA_LOAD_LOG, result.url + '\\\\n');
  return result;
}\`));`)}`;

describe('each command loads only what it uses (the compiled engine)', () => {
  let scratch: string;
  beforeAll(() => (scratch = mkdtempSync(path.join(tmpdir(), 'lemma-lazy-'))));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function loaded(args: string[], name: string): { urls: string[]; stdout: string; status: number | null } {
    const log = path.join(scratch, `${name}.log`);
    const result = spawnSync(process.execPath, ['--import', HOOK, path.join(REPO, 'build/src/cli.js'), ...args], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', LEMMA_LOAD_LOG: log },
    });
    return { urls: readFileSync(log, 'utf8').trim().split('\n'), stdout: result.stdout, status: result.status };
  }

  test('lemma --help and lemma new load no Eleventy, no KaTeX, no markdown-it', () => {
    for (const [name, args] of [['help', ['--help']], ['new', ['new', 'A title']]] as const) {
      const { urls, status } = loaded([...args], name);
      expect(status).toBe(0);
      expect(urls.some((u) => u.endsWith('/build/src/cli.js'))).toBe(true);
      expect(urls.filter((u) => /@11ty|\/katex\/|markdown-it|\.ts$/.test(u))).toEqual([]);
    }
  });

  test('lemma build does load Eleventy (so the hook sees what a command loads)', () => {
    const { urls } = loaded(['build', '--output', path.join(scratch, 'out')], 'build');
    expect(urls.some((u) => u.includes('/@11ty/eleventy/'))).toBe(true);
    expect(urls.some((u) => u.endsWith('/build/eleventy.config.js'))).toBe(true);
  });
});
