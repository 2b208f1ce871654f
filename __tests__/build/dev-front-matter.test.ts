import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../helpers/free-port.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeProject, post, REPO } from '../helpers/project.js';

/**
 * `npm start` recovers from every front matter mistake without a restart: the broken
 * post is left out (its page removed from what is served), the other posts keep
 * rebuilding, and fixing it brings it back.
 */

const TSX = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
/** The dev server checks every build it finishes: one summary line each. */
const BUILD_CHECKED = /^(✔ No problems|✖ \d+ problems?)/gm;

const POSTS = {
  'alpha.md': post({ title: 'Alpha', date: '2025-01-01', tags: '[common]' }, 'Alpha text.\n'),
  'beta.md': post({ title: 'Beta', date: '2025-01-02', tags: '[common]' }, 'Beta text.\n'),
  // The only post with its tag: leaving it out takes the tag page away too.
  'gamma.md': post({ title: 'Gamma', date: '2025-01-03', tags: '[meta]' }, 'Gamma text.\n'),
};

describe('the dev server and front matter errors', () => {
  const dir = makeProject(POSTS);
  let server: ChildProcess | undefined;
  let output = '';
  afterAll(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const site = (file: string) => path.join(dir, '_site', file);
  const page = (file: string) => readFileSync(site(file), 'utf8');

  /** Run `change`, then wait until the dev server has rebuilt and checked the site. */
  async function rebuiltAfter(change: () => void): Promise<string> {
    const before = output.length;
    const builds = (output.match(BUILD_CHECKED) ?? []).length;
    change();
    const started = Date.now();
    while ((output.match(BUILD_CHECKED) ?? []).length <= builds) {
      if (Date.now() - started > 90_000) throw new Error(`no rebuild; output:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return output.slice(before);
  }

  /** Another post still rebuilds while one is broken. */
  async function betaStillRebuilds(marker: string): Promise<void> {
    const log = await rebuiltAfter(() => appendFileSync(path.join(dir, 'posts/beta.md'), `\n${marker}\n`));
    expect(log).not.toMatch(/Problem writing Eleventy templates|ENOENT/);
    expect(page('posts/beta/index.html')).toContain(marker);
  }

  beforeAll(async () => {
    const port = await freePort();
    server = spawn(process.execPath, ['--import', TSX, path.join(REPO, 'src/cli.ts'), 'serve', '--port', String(port)], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '', LEMMA_BUILD_DATE: '2026-01-01' },
    });
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    const started = Date.now();
    while (!BUILD_CHECKED.test(output)) {
      if (Date.now() - started > 120_000) throw new Error(`the dev server did not start; output:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    BUILD_CHECKED.lastIndex = 0;
    expect(existsSync(site('posts/gamma/index.html'))).toBe(true);
    expect(existsSync(site('tags/meta/index.html'))).toBe(true);
  }, 180_000);

  const cases: [string, string, RegExp][] = [
    ['invalid YAML', post({ title: '[Gamma', date: '2025-01-03', tags: '[meta]' }, 'Gamma text.\n'), /posts\/gamma\.md:\d+: error: front matter is not valid YAML/],
    ['a bad date', post({ title: 'Gamma', date: '2025-13-03', tags: '[meta]' }, 'Gamma text.\n'), /posts\/gamma\.md:3: error: front matter "date": "2025-13-03" is not a date/],
    ['a missing title', post({ date: '2025-01-03', tags: '[meta]' }, 'Gamma text.\n'), /posts\/gamma\.md:\d+: error: front matter .*"title"/],
  ];

  test.each(cases)('%s: the post is left out, the others rebuild, and fixing it brings it back', async (_name, broken, message) => {
    const log = await rebuiltAfter(() => writeFileSync(path.join(dir, 'posts/gamma.md'), broken));
    expect(log).toMatch(message);
    expect(log).not.toMatch(/Problem writing Eleventy templates|ENOENT/);
    // Left out: its page and its tag's page go, and the lists no longer show it.
    expect(existsSync(site('posts/gamma/index.html'))).toBe(false);
    expect(existsSync(site('tags/meta/index.html'))).toBe(false);
    expect(page('index.html')).not.toContain('Gamma');

    await betaStillRebuilds(`Beta while gamma has ${_name}.`);

    const fixed = await rebuiltAfter(() => writeFileSync(path.join(dir, 'posts/gamma.md'), POSTS['gamma.md'].replace('Gamma text.', `Gamma fixed after ${_name}.`)));
    expect(fixed).not.toMatch(/error|ENOENT/i);
    expect(page('posts/gamma/index.html')).toContain(`Gamma fixed after ${_name}.`);
    expect(page('tags/meta/index.html')).toContain('Gamma');
    expect(page('index.html')).toContain('Gamma');

    await betaStillRebuilds(`Beta after gamma was fixed (${_name}).`);
  }, 300_000);
});
