import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as actionsCache from '@actions/cache';
import { engineCacheKey, ensureEngineInstalled, runLemma } from '../../src/action/engine.js';
import { REPO, post } from '../helpers/project.js';
import { FakeCacheService } from './fake-cache.js';

/** What a checkout of the action holds: the repository's files, without node_modules or build/. */
const CHECKOUT = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'eleventy.config.ts', 'src', 'site', 'bin', 'scripts'];

const SERVICE_ENV = ['ACTIONS_CACHE_URL', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_CACHE_SERVICE_V2', 'ACTIONS_RESULTS_URL', 'GITHUB_WORKSPACE', 'GITHUB_SERVER_URL', 'RUNNER_TEMP'] as const;

describe('the action restores its engine from the Actions cache, installing only on a miss', () => {
  const service = new FakeCacheService();
  const saved = Object.fromEntries(SERVICE_ENV.map((name) => [name, process.env[name]]));
  let scratch: string;
  let engine: string;
  const log: string[] = [];

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'lemma-engine-cache-'));
    engine = path.join(scratch, 'action');
    for (const entry of CHECKOUT) cpSync(path.join(REPO, entry), path.join(engine, entry), { recursive: true });
    for (const name of SERVICE_ENV) delete process.env[name];
    process.env.ACTIONS_CACHE_URL = await service.start();
    process.env.ACTIONS_RUNTIME_TOKEN = 'runtime-token';
    process.env.GITHUB_WORKSPACE = scratch;
    process.env.RUNNER_TEMP = path.join(scratch, 'runner-temp');
    mkdirSync(process.env.RUNNER_TEMP);
    // The install is real npm; the local npm cache keeps it fast here.
    process.env.npm_config_prefer_offline = 'true';
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    delete process.env.npm_config_prefer_offline;
    await service.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('a miss installs and compiles the engine, then saves it under the lockfile, Node and OS key', async () => {
    const key = engineCacheKey(engine);
    expect(key).toContain(`${process.platform}-${process.arch}-node${process.versions.node}`);
    expect(await ensureEngineInstalled(engine, (line) => log.push(line))).toBe('installed');
    expect(log.join('\n')).toMatch(/Installing the Lemma engine's dependencies/);
    expect(service.saved().map((e) => e.key)).toEqual([key]);
    // Runtime dependencies only, and the compiled engine, which runs without TypeScript.
    expect(existsSync(path.join(engine, 'node_modules/@11ty/eleventy/package.json'))).toBe(true);
    expect(existsSync(path.join(engine, 'node_modules/jest'))).toBe(false);
    expect(existsSync(path.join(engine, 'node_modules/tsx'))).toBe(false);
    const help = spawnSync(process.execPath, [path.join(engine, 'bin/lemma.js'), '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/^Usage: lemma <command>/);
  });

  test('a hit restores node_modules and build/ and installs nothing; the restored engine builds a blog', async () => {
    rmSync(path.join(engine, 'node_modules'), { recursive: true });
    rmSync(path.join(engine, 'build'), { recursive: true });
    let installs = 0;
    const source = await ensureEngineInstalled(engine, (line) => log.push(line), { install: async () => void installs++ });
    expect(source).toBe('restored');
    expect(installs).toBe(0);
    expect(service.saved()).toHaveLength(1);

    const blog = path.join(scratch, 'blog');
    mkdirSync(path.join(blog, 'posts'), { recursive: true });
    writeFileSync(path.join(blog, 'posts/first.md'), post({ title: 'First', date: '2026-01-01' }, 'Euler: $e^{i\\pi} + 1 = 0$.\n'));
    const built = await runLemma(engine, blog, ['build'], { env: { LEMMA_THREADS: '0' }, echo: false });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(existsSync(path.join(blog, '_site/posts/first/index.html'))).toBe(true);
  });

  test('an engine that is already installed (a checkout with its dependencies) is used as it is', async () => {
    expect(await ensureEngineInstalled(engine, () => {})).toBe('present');
  });

  test('without a cache service it installs, and saves nothing', async () => {
    const url = process.env.ACTIONS_CACHE_URL;
    delete process.env.ACTIONS_CACHE_URL;
    try {
      expect(actionsCache.isFeatureAvailable()).toBe(false);
      const bare = path.join(scratch, 'bare-action');
      mkdirSync(bare);
      for (const entry of ['package.json', 'package-lock.json', 'src', 'eleventy.config.ts']) cpSync(path.join(REPO, entry), path.join(bare, entry), { recursive: true });
      const requests = service.requests.length;
      const installed: string[] = [];
      expect(await ensureEngineInstalled(bare, () => {}, { install: async (root) => void installed.push(root) })).toBe('installed');
      expect(installed).toEqual([bare]);
      expect(service.requests.length).toBe(requests);
    } finally {
      process.env.ACTIONS_CACHE_URL = url;
    }
  });
});
