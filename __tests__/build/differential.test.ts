import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { freePort } from '../helpers/free-port.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateRealisticBlog, type RealisticBlog } from '../../bench/realistic-blog.js';
import { REPO, runCli } from '../helpers/project.js';
import { removeAfterAll, tempDir } from '../helpers/temp.js';

/**
 * One site, whatever the path: a realistic generated blog (60 posts, above the 24 at
 * which worker threads start, each post with every feature; a draft; a future post),
 * built every way Lemma builds, must come out as the same bytes, file by file, and
 * check clean every time:
 *   (a) no render cache, no threads — the reference;
 *   (b) cold cache, worker threads;
 *   (c) warm cache, nothing changed;
 *   (d) warm cache after editing one post — against a plain build of the edited blog;
 *   (e) the dev server's first build, and its rebuild after the same edit.
 * Dev-only differences, and nothing else:
 *   - drafts and scheduled posts: the dev server builds and lists them, so it runs on
 *     the blog without those two files, whose production output is (a) to the byte;
 *   - the live-reload script: served, never written to a file (asserted over HTTP).
 * Time: about 49 s of CPU in all (11 builds and checks of 60 posts; the dev server runs
 * beside the production builds), so some 30–40 s on a quiet 2-core machine; measured
 * 86–98 s wall on a shared 2-core machine at load average 15–20.
 */

const POSTS = 60;
const TSX = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
const EDITED = 'posts/note-010.md';
const EDIT = '\n## Added later\n\n\\begin{equation}\nz_{10} = \\KL(q \\,\\|\\, p)^2 \\label{eq:added}\n\\end{equation}\n\nSo \\eqref{eq:added} and \\eqref{eq:kl-10} hold.\n';

type Site = Map<string, Buffer>;

/** Every file of a built site, path → bytes. */
function siteFiles(dir: string): Site {
  const files = (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
  return new Map(files.map((f) => [f, readFileSync(path.join(dir, f))]));
}

/** The same files, and each the same bytes; `what` names the path in the failure. */
function expectSameSite(what: string, actual: Site, expected: Site): void {
  expect({ what, files: [...actual.keys()] }).toEqual({ what, files: [...expected.keys()] });
  const differing = [...expected].filter(([file, bytes]) => !bytes.equals(actual.get(file)!)).map(([file]) => file);
  expect({ what, differing }).toEqual({ what, differing: [] });
}

const env = (blog: RealisticBlog) => ({ LEMMA_BUILD_DATE: blog.buildDate });

async function buildAndCheck(what: string, dir: string, args: string[], blog: RealisticBlog): Promise<{ site: Site; stdout: string }> {
  const built = await runCli(['build', ...args], dir, env(blog));
  expect({ what, code: built.code, stderr: built.stderr }).toEqual({ what, code: 0, stderr: expect.not.stringMatching(/error|warning/i) });
  const checked = await runCli(['check'], dir, env(blog));
  expect({ what, code: checked.code, out: checked.stdout }).toEqual({ what, code: 0, out: expect.stringContaining('No problems') });
  return { site: siteFiles(path.join(dir, '_site')), stdout: built.stdout };
}

/** A page as a browser navigating to it gets it (the dev server adds its script only then). */
function navigate(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

/** Resolves once `pattern` has appeared `times` times in the output. */
function waitFor(output: () => string, pattern: RegExp, times: number, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if ((output().match(new RegExp(pattern, 'g')) ?? []).length >= times) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${pattern}; output:\n${output()}`));
      }
    }, 100);
  });
}

describe('every build path makes the same site of a realistic blog', () => {
  const root = removeAfterAll(tempDir('lemma-differential-'));
  const project = path.join(root, 'project');
  const editedProject = path.join(root, 'edited');
  const devProject = path.join(root, 'dev');
  let blog: RealisticBlog;
  let server: ChildProcess | undefined;

  beforeAll(() => {
    mkdirSync(project);
    cpSync(path.join(REPO, 'site'), path.join(project, 'site'), { recursive: true });
    blog = generateRealisticBlog(project, { posts: POSTS });
    cpSync(project, editedProject, { recursive: true });
    appendFileSync(path.join(editedProject, EDITED), EDIT);
    cpSync(project, devProject, { recursive: true });
    rmSync(path.join(devProject, blog.draft));
    rmSync(path.join(devProject, blog.future));
  });
  afterAll(() => {
    server?.kill();
  });

  test('cache, threads, warm, edited and dev builds all write the reference bytes and check clean', async () => {
    // (a) and, side by side, the plain build of the edited blog (the reference for (d)).
    const [a, editedReference] = await Promise.all([
      buildAndCheck('(a) no cache, no threads', project, ['--no-cache', '--threads', '0'], blog),
      buildAndCheck('(d) reference: edited blog, no cache, no threads', editedProject, ['--no-cache', '--threads', '0'], blog),
    ]);
    const reference = a.site;
    // The generated blog holds what it claims: equation ids, images in subfolders, no draft, no future post.
    const html = reference.get('posts/note-002/index.html')!.toString();
    for (const id of ['eq:kl-2', 'eq:series-2', 'eq:star-2', 'eq:bound-2', 'eq:euler-2']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('href="#eq:bound-2"');
    expect(reference.has('posts/series/figures/part-1.svg')).toBe(true);
    expect(reference.has('posts/images/fig-2.svg')).toBe(true);
    expect(reference.has('posts/fig-3.svg')).toBe(true);
    expect(reference.has('posts/draft-ideas/index.html')).toBe(false);
    expect(reference.has('posts/next-year/index.html')).toBe(false);
    expect(a.stdout).toMatch(new RegExp(`\\d+ equations and ${2 * POSTS} code blocks`));

    // The production paths one after another (they share one cache), the dev server beside them.
    await Promise.all([productionPaths(reference, editedReference.site), devServerPaths(reference, editedReference.site)]);
  }, 600_000);

  async function productionPaths(reference: Site, editedReference: Site): Promise<void> {
    // (b) cold cache, worker threads: every post rendered whole in the workers.
    rmSync(path.join(project, '_site'), { recursive: true });
    const b = await buildAndCheck('(b) cold cache, threads', project, ['--threads', '2'], blog);
    expect(b.stdout).toMatch(/\d+ documents pre-rendered on 2 threads .*\(0 left for the main thread\)/);
    expectSameSite('(b) cold cache, threads', b.site, reference);

    // (c) warm cache, nothing changed: every document whole from the cache, every block counted.
    const c = await buildAndCheck('(c) warm cache', project, ['--threads', '2'], blog);
    expect(c.stdout).toMatch(new RegExp(`(\\d+) equations and ${2 * POSTS} code blocks; ${POSTS + 1} of ${POSTS + 1} documents taken whole`));
    expect(c.stdout).toMatch(/[1-9]\d* entries reused, 0 new/);
    expectSameSite('(c) warm cache', c.site, reference);

    // (d) warm cache after an edit: the same bytes as the plain build of the edited blog.
    appendFileSync(path.join(project, EDITED), EDIT);
    const d = await buildAndCheck('(d) warm cache, one post edited', project, ['--threads', '2'], blog);
    expect(d.site.get('posts/note-010/index.html')!.toString()).toContain('id="eq:added"');
    expectSameSite('(d) warm cache, one post edited', d.site, editedReference);
  }

  async function devServerPaths(reference: Site, editedReference: Site): Promise<void> {
    // (e) the dev server: its first build, then its rebuild after the same edit.
    const port = await freePort();
    server = spawn(process.execPath, ['--import', TSX, path.join(REPO, 'src/cli.ts'), 'serve', '--port', String(port)], {
      cwd: devProject,
      env: { ...process.env, NODE_OPTIONS: '', ...env(blog) },
    });
    let output = '';
    server.stdout!.on('data', (chunk) => (output += chunk));
    server.stderr!.on('data', (chunk) => (output += chunk));
    // The dev server checks every build it writes (after indexing it for search).
    await waitFor(() => output, /No problems/, 1, 120_000);
    expect(output).not.toMatch(/problems? \(|error/i);
    expectSameSite('(e) dev server, first build', siteFiles(path.join(devProject, '_site')), reference);
    // What the browser gets is the file plus the reload script, nothing else.
    const served = await navigate(`http://127.0.0.1:${port}/posts/note-002/`);
    const file = reference.get('posts/note-002/index.html')!.toString();
    const reloadScript = /<script type="module" integrity="[^"]+" src="\/\.11ty\/reload-client\.js[^"]*"><\/script><\/head>/;
    expect(served).toMatch(reloadScript);
    expect(served.replace(reloadScript, '</head>')).toEqual(file);

    appendFileSync(path.join(devProject, EDITED), EDIT);
    await waitFor(() => output, /No problems/, 2, 120_000);
    expectSameSite('(e) dev server, rebuild after an edit', siteFiles(path.join(devProject, '_site')), editedReference);
  }
});
