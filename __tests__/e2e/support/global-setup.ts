import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

declare global {
  // Handed from global setup to global teardown (they run in the same process).
  var lemmaE2eServer: ChildProcess | undefined;
}

/**
 * Once per run of the browser tests: build the blog and serve it on 127.0.0.1, in a child
 * process (`serve-blog.ts`). Test files find it through the environment (`site.ts`).
 * A failure is handed on the same way, so every browser test fails with the reason
 * while the other suites still run.
 */
export default async function globalSetup(_global: unknown, project: { rootDir: string }): Promise<void> {
  const tsx = pathToFileURL(path.join(project.rootDir, 'node_modules/tsx/dist/loader.mjs')).href;
  const script = path.join(project.rootDir, '__tests__/e2e/support/serve-blog.ts');
  const child = spawn(process.execPath, ['--import', tsx, script, project.rootDir], {
    env: { ...process.env, NODE_OPTIONS: '' },
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
