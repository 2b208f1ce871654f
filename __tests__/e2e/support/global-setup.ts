import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error: plain JavaScript (Node's own resolution loads it here).
import { useOwnTempRoot } from '../../temp-root/root.js';

declare global {
  // Handed from global setup to global teardown (they run in the same process).
  var lemmaE2eServer: ChildProcess | undefined;
  /** The server's own temp folder (its tsx cache, its project): removed once it has stopped. */
  var lemmaE2eTemp: string | undefined;
}

/**
 * Once per run of the browser tests: build the blog and serve it on 127.0.0.1, in a child
 * process (`serve-blog.ts`). Test files find it through the environment (`site.ts`).
 * A failure is handed on the same way, so every browser test fails with the reason
 * while the other suites still run.
 */
export default async function globalSetup(_global: unknown, project: { rootDir: string }): Promise<void> {
  // Before the blog is built there: this setup runs before the run's own (jest.config.js).
  const tempRoot: string = useOwnTempRoot();
  globalThis.lemmaE2eTemp = mkdtempSync(path.join(tempRoot, 'e2e-server-'));
  installChromiumIfMissing();
  const tsx = pathToFileURL(path.join(project.rootDir, 'node_modules/tsx/dist/loader.mjs')).href;
  const script = path.join(project.rootDir, '__tests__/e2e/support/serve-blog.ts');
  const child = spawn(process.execPath, ['--import', tsx, script, project.rootDir], {
    env: { ...process.env, NODE_OPTIONS: '', TMPDIR: globalThis.lemmaE2eTemp },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  try {
    const ready = JSON.parse(await firstLine(child)) as { url: string; origin: string; siteDir: string };
    globalThis.lemmaE2eServer = child;
    process.env.LEMMA_E2E_URL = ready.url;
    process.env.LEMMA_E2E_ORIGIN = ready.origin;
    process.env.LEMMA_E2E_SITE_DIR = ready.siteDir;
  } catch (err) {
    child.kill();
    process.env.LEMMA_E2E_SETUP_ERROR = (err as Error).message;
  }
}

/** The server's ready line, or a rejection carrying everything it printed before dying. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.on('data', (d) => {
      stdout += d;
      const end = stdout.indexOf('\n');
      if (end >= 0) resolve(stdout.slice(0, end));
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`The browser-test blog could not be built and served (exit ${code}):\n${stderr}${stdout}`)));
  });
}

/**
 * On a fresh Debian machine where the tests run as root, install Chromium once, so that
 * `npm install && npm test` is all a new contributor needs. Elsewhere nothing is installed
 * and every browser test fails saying what to do (see `requireChromium` in chromium.ts;
 * this file may import only Node's own modules, as jest loads it outside its resolver).
 */
function installChromiumIfMissing(): void {
  if (process.env.CHROME_PATH || existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  console.log("\nChromium is missing: installing Debian's chromium package for the browser tests…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) {
      console.log(`apt-get ${args.join(' ')} failed (exit ${result.status}).`);
      return;
    }
  }
}
