import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/project.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a program in `cwd` (npm, npx, node), as an author would in a terminal. */
function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    // No inherited npm settings or loaders from the test runner; the local npm cache keeps installs fast.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE_OPTIONS' && name !== 'INIT_CWD'));
    const child = spawn(command, args, { cwd, env: { ...env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', LEMMA_THREADS: '2' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('Lemma as a package: a posts-only blog made by lemma init', () => {
  let scratch: string;
  let tarball: string;
  let blog: string;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'lemma-package-'));
    // The global setup compiled build/; packing must not compile again under other tests' feet.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], REPO);
    expect(packed.code).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(scratch, info.filename);
    writeFileSync(path.join(scratch, 'files.json'), JSON.stringify(info.files.map((f) => f.path)));
    blog = path.join(scratch, 'octo-notes');
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('the package holds what runs, and no tests, bench, fixtures or TypeScript sources', () => {
    const files = JSON.parse(readFileSync(path.join(scratch, 'files.json'), 'utf8')) as string[];
    for (const needed of ['bin/lemma.js', 'build/src/cli.js', 'build/eleventy.config.js', 'build/src/build/prerender-worker.js', 'build/src/site/search-index-worker.js', 'site/_includes/layouts/base.njk', 'site/assets/css/lemma.css', 'package.json']) {
      expect(files).toContain(needed);
    }
    expect(files.filter((f) => /^(__tests__|bench|src|posts|dist|scripts)\//.test(f) || f.endsWith('.ts') || f.includes('tsbuildinfo'))).toEqual([]);
  });

  test('lemma init writes the blog, and never overwrites a file', async () => {
    const init = await run(process.execPath, [path.join(REPO, 'bin/lemma.js'), 'init', blog, '--engine', `file:${tarball}`], scratch);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    for (const file of ['package.json', 'site/site.json', 'posts/welcome.md', '.gitignore', '.github/workflows/pages.yml', 'README.md']) expect(existsSync(path.join(blog, file))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(blog, 'package.json'), 'utf8'));
    expect(manifest.dependencies).toEqual({ lemma: `file:${tarball}` });
    expect(manifest.scripts).toMatchObject({ start: 'lemma serve', build: 'lemma build', check: 'lemma check', new: 'lemma new' });
    expect(JSON.parse(readFileSync(path.join(blog, 'site/site.json'), 'utf8')).title).toBe('Octo notes');
    expect(readFileSync(path.join(blog, '.github/workflows/pages.yml'), 'utf8')).toMatch(/uses: [\w-]+\/lemma@v\d+$/m);
    expect(readFileSync(path.join(blog, 'README.md'), 'utf8')).toContain('npm install && npm start');

    writeFileSync(path.join(blog, 'README.md'), 'Mine.\n');
    const again = await run(process.execPath, [path.join(REPO, 'bin/lemma.js'), 'init', blog, '--engine', `file:${tarball}`], scratch);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Kept \(already there, not changed\): package\.json, .*README\.md/);
    expect(readFileSync(path.join(blog, 'README.md'), 'utf8')).toBe('Mine.\n');
  });

  test('npm install of the tarball prints no engine warnings, then npx lemma build and check are clean', async () => {
    const install = await run('npm', ['install'], blog);
    expect(install.code).toBe(0);
    expect(install.stderr).not.toMatch(/EBADENGINE|ERR!/);
    expect(existsSync(path.join(blog, 'node_modules/lemma/build/src/cli.js'))).toBe(true);
    // The package runs compiled: no TypeScript loader, no sources.
    expect(existsSync(path.join(blog, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(path.join(blog, 'node_modules/lemma/src'))).toBe(false);

    const build = await run('npx', ['lemma', 'build'], blog);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/Built _site\//);
    // The compiled worker threads rendered the posts (LEMMA_THREADS forces them even for two).
    expect(build.stdout).toMatch(/\d+ documents pre-rendered on \d+ threads/);
    expect(build.stdout).not.toMatch(/could not be pre-rendered/);
    const page = readFileSync(path.join(blog, '_site/posts/welcome/index.html'), 'utf8');
    expect(page).toContain('class="katex"');
    // The engine's assets and pages, from the package.
    expect(readFileSync(path.join(blog, '_site/assets/css/lemma.css'), 'utf8')).toBe(readFileSync(path.join(REPO, 'site/assets/css/lemma.css'), 'utf8'));
    expect(existsSync(path.join(blog, '_site/feed.xml'))).toBe(true);
    // The blog's own about page, not the engine's sample one.
    expect(readFileSync(path.join(blog, '_site/about/index.html'), 'utf8')).toContain('Octo notes is written by');

    const check = await run('npx', ['lemma', 'check'], blog);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/No problems/);
    // Nothing left behind: the build's folder of layers is gone.
    expect(existsSync(path.join(blog, 'site/_includes'))).toBe(false);
  });

  test("a template under the blog's site/ overrides the engine's", async () => {
    const engineMeta = readFileSync(path.join(blog, 'node_modules/lemma/site/_includes/partials/post-meta.njk'), 'utf8');
    mkdirSync(path.join(blog, 'site/_includes/partials'), { recursive: true });
    writeFileSync(path.join(blog, 'site/_includes/partials/post-meta.njk'), `<p class="octo-meta">By Octo</p>\n${engineMeta}`);
    const build = await run('npx', ['lemma', 'build'], blog);
    expect(build.code).toBe(0);
    expect(readFileSync(path.join(blog, '_site/posts/welcome/index.html'), 'utf8')).toContain('<p class="octo-meta">By Octo</p>');
    // The installed engine's file is unchanged.
    expect(readFileSync(path.join(blog, 'node_modules/lemma/site/_includes/partials/post-meta.njk'), 'utf8')).toBe(engineMeta);
    const check = await run('npx', ['lemma', 'check'], blog);
    expect(check.code).toBe(0);
  });

  test('npx lemma new writes a post into the blog', async () => {
    const created = await run('npx', ['lemma', 'new', 'Second thoughts'], blog);
    expect(created.code).toBe(0);
    expect(readFileSync(path.join(blog, 'posts/second-thoughts.md'), 'utf8')).toMatch(/^title: Second thoughts$/m);
  });
});
