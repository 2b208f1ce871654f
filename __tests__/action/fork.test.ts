import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hostileDataFile } from './hostile.js';
import { FakeGitHub } from './fake-github.js';
import { branchTip, makeBareRemote, makeWorkspace, mkdtempSync, pushFiles, removeTempDirs, runAction } from './run-action.js';
import { workflowCommands } from './workflow-commands.js';

/**
 * A fork's pull request is the one place where a stranger's code meets the job: its data
 * files must not run at all (LEMMA_UNTRUSTED=1 makes the engine refuse them), and nothing
 * may be pushed or written with the token.
 */
describe('a pull request from a fork with a JavaScript data file', () => {
  const api = new FakeGitHub();
  beforeAll(() => api.start());
  afterAll(async () => {
    await api.stop();
    removeTempDirs();
  });

  test('is refused with a clear error on the file: the file never runs, nothing is pushed, no API call is made', async () => {
    const remote = makeBareRemote();
    pushFiles(remote, 'gh-pages', { 'index.html': '<p>live site</p>' }, 'The live site');
    const tip = branchTip(remote);
    const workspace = makeWorkspace();
    const dump = path.join(mkdtempSync(path.join(tmpdir(), 'lemma-dump-')), 'env.json');
    mkdirSync(path.join(workspace, 'site/_data'), { recursive: true });
    writeFileSync(path.join(workspace, 'site/_data/hostile.cjs'), hostileDataFile(dump));

    const result = await runAction({
      workspace,
      eventName: 'pull_request',
      event: 'pull_request.fork.json',
      apiUrl: api.url,
      ref: 'refs/pull/7/merge',
      inputs: { 'remote-url': remote },
      env: { GITHUB_TOKEN: 'ghs_job-token', ACTIONS_RUNTIME_TOKEN: 'runtime-token' },
    });

    // The file did not run: it would have written the dump and printed its lines.
    expect(existsSync(dump)).toBe(false);
    expect(result.stdout).not.toContain('Injected');
    expect(result.code).toBe(1);
    const errors = workflowCommands(result.stdout).filter((c) => c.name === 'error');
    const refusal = errors.find((c) => /file=site\/_data\/hostile\.cjs,line=1/.test(c.properties));
    expect(refusal?.data).toMatch(/JavaScript data files are not run for untrusted changes/);
    expect(result.outputs.errors).toBe('1');
    expect(result.summary).toContain('`site/_data/hostile.cjs:1`');
    expect(result.summary).toMatch(/This run failed/);
    expect(branchTip(remote)).toBe(tip);
    expect(api.requests).toEqual([]);
  });
});
