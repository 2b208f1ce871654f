import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { freePort } from '../helpers/free-port.js';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, runCli } from '../helpers/project.js';
import { Sandbox, builtTemplate } from './sandbox.js';

/** `npm start` on a shared network: reachable from this machine only, bad paths answered, nothing outside _site/ served. */
const TSX = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
let template: string;
const sandboxes: Sandbox[] = [];
const children: ChildProcess[] = [];
beforeAll(async () => void (template = await builtTemplate()));
afterAll(() => {
  for (const child of children) child.kill();
  for (const s of sandboxes) s.remove();
  rmSync(template, { recursive: true, force: true });
});

/** Start `lemma serve` in a fresh copy of the blog; resolves once it prints where it listens. */
async function serve(args: string[] = []): Promise<{ s: Sandbox; port: number; output: () => string }> {
  const s = Sandbox.from(template);
  sandboxes.push(s);
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', TSX, path.join(REPO, 'src/cli.ts'), 'serve', '--port', String(port), ...args], {
    cwd: s.project,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/Server at/.test(output)) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`serve exited ${child.exitCode}:\n${output}`));
      }
    }, 100);
  });
  return { s, port, output: () => output };
}

/** GET a raw path (sent as written, not normalized); the status code, or the connection error's code. */
function get(host: string, port: number, rawPath: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: rawPath, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end();
  });
}

test('by default it listens on 127.0.0.1 only: another address of this machine (127.0.0.2) is refused', async () => {
  const { port, output } = await serve();
  expect(output()).toContain(`Server at http://127.0.0.1:${port}/`);
  expect(await get('127.0.0.1', port, '/')).toBe(200);
  expect(await get('127.0.0.2', port, '/')).toBe('ECONNREFUSED');
});

test('a path that climbs out (/..%2f..%2fetc%2fpasswd) gets 400 and the server keeps serving', async () => {
  const { port } = await serve();
  expect(await get('127.0.0.1', port, '/..%2f..%2fetc%2fpasswd')).toBe(400);
  // URL parsing resolves %2e%2e segments first: inside _site/ there is no /etc/passwd.
  expect(await get('127.0.0.1', port, '/posts/%2e%2e/%2e%2e/%2e%2e/etc/passwd')).toBe(404);
  expect(await get('127.0.0.1', port, '/%E0%A4%A')).toBe(400);
  expect(await get('127.0.0.1', port, '/posts/good/')).toBe(200);
});

test('a symlink in _site/ to a file outside it is not served', async () => {
  const { s, port } = await serve();
  symlinkSync(path.join(s.sibling, 'keep.txt'), path.join(s.project, '_site/leak.txt'));
  expect(await get('127.0.0.1', port, '/leak.txt')).toBe(404);
  expect(await get('127.0.0.1', port, '/assets/favicon.svg')).toBe(200);
});

test('--host 0.0.0.0 shares it, and says so', async () => {
  const { port, output } = await serve(['--host', '0.0.0.0']);
  expect(output()).toMatch(/Sharing the dev server with the network \(--host 0\.0\.0\.0\): anyone who can reach this machine can read the site, drafts included/);
  expect(await get('127.0.0.2', port, '/')).toBe(200);
});

test('--host that is not an address is refused with exit 2', async () => {
  const s = Sandbox.from(template);
  sandboxes.push(s);
  const r = await runCli(['serve', '--host', 'every-where'], s.project);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--host must be an IP address to listen on, e\.g\. 127\.0\.0\.1 \(this machine only, the default\) or 0\.0\.0\.0/);
});

test('a JavaScript data file added while serving is refused on the rebuild, and never runs', async () => {
  const { s, output } = await serve();
  const marker = path.join(s.sibling, 'pwned');
  const before = output().length;
  s.write('posts/good.11tydata.cjs', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); module.exports = { title: 'Ran' };\n`);
  await new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (/posts\/good\.11tydata\.cjs:1: error: JavaScript data files are off for posts/.test(output().slice(before))) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > 60_000) {
        clearInterval(timer);
        reject(new Error(`no refusal after the change:\n${output().slice(before)}`));
      }
    }, 100);
  });
  expect(existsSync(marker)).toBe(false);
});
