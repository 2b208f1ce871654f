import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub } from './fake-github.js';
import { makeWorkspace, mkdtempSync, removeTempDirs, runAction } from './run-action.js';
import { workflowCommands } from './workflow-commands.js';
import { tmpdir } from 'node:os';
import { HOSTILE, SECRETS, expectNoCredentials, hostileDataFile } from './hostile.js';

describe('what the engine prints and what it can reach', () => {
  const api = new FakeGitHub();
  beforeAll(() => api.start());
  afterAll(async () => {
    await api.stop();
    removeTempDirs();
  });

  test('no line the engine prints can act as a workflow command, and its processes hold no credential', async () => {
    const workspace = makeWorkspace();
    const dump = path.join(mkdtempSync(path.join(tmpdir(), 'lemma-dump-')), 'env.json');
    mkdirSync(path.join(workspace, 'site/_data'), { recursive: true });
    writeFileSync(path.join(workspace, 'site/_data/hostile.cjs'), hostileDataFile(dump));
    // A push to the blog's own branch, whose settings let its JavaScript data files run.
    const settingsFile = path.join(workspace, 'site/site.json');
    writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, 'utf8')), allowJavaScriptInPosts: true }));
    const result = await runAction({ workspace, eventName: 'push', event: 'push.json', apiUrl: api.url, inputs: { deploy: 'none' }, env: SECRETS });

    expect(result.code).toBe(0);
    // The lines did reach the log...
    for (const line of HOSTILE) expect(result.stdout).toContain(line.trim());
    expect(result.stdout).toContain('::error::Injected without a newline');
    // ...but the runner acts only on the action's own commands.
    const commands = workflowCommands(result.stdout);
    expect(commands.filter((c) => /Injected|hostile|guessed|NODE_OPTIONS/.test(c.line))).toEqual([]);
    expect(commands.map((c) => c.name).filter((n) => !/^(add-mask|group|endgroup|stop-commands|notice|warning|error|lemma-[0-9a-f]{32})$/.test(n))).toEqual([]);
    expect(commands.filter((c) => c.name === 'add-mask').map((c) => c.data)).toEqual(['test-token']);
    expect(result.outputs.errors).toBe('0');

    // The data file ran, with the engine's settings but none of the runner's credentials.
    const env = JSON.parse(readFileSync(dump, 'utf8')) as Record<string, string>;
    expect(env.LEMMA_URL).toBe('https://octo.github.io');
    expect(env.LEMMA_UNTRUSTED).toBeUndefined();
    expectNoCredentials(env);
  });

  test('front matter that smuggles a command line is reported on its own line, never run', async () => {
    const post = ['---', 'title: Injected', 'date: "x\\n::error file=README.md,line=1::Injected"', '---', 'Text.', ''].join('\n');
    const workspace = makeWorkspace({ 'inject.md': post });
    const result = await runAction({ workspace, eventName: 'push', event: 'push.json', apiUrl: api.url, inputs: { deploy: 'none' } });

    expect(result.code).toBe(1);
    const commands = workflowCommands(result.stdout);
    expect(commands.filter((c) => c.properties.includes('README.md') || c.data.startsWith('Injected'))).toEqual([]);
    const errors = commands.filter((c) => c.name === 'error');
    expect(errors.map((c) => c.properties)).toEqual(expect.arrayContaining([expect.stringMatching(/file=posts\/inject\.md,line=3/)]));
    expect(result.outputs.errors).toBe('1');
    expect(existsSync(path.join(workspace, '_site'))).toBe(false);
  });
});
