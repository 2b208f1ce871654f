import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub } from './fake-github.js';
import { branchFiles, makeBareRemote, makeWorkspace, runAction, removeTempDirs } from './run-action.js';

/**
 * The weekly rebuild: publishes, checks external links, and keeps ONE issue about dead ones.
 * This blog lives in a `blog/` folder of its repository (the `working-directory` input).
 */
describe('a scheduled run', () => {
  const api = new FakeGitHub();
  let remote: string;
  let workspace: string;
  const linksPost = (target: string) => `---\ntitle: Reading list\ndate: 2026-03-10\n---\nSee [a paper](${api.url}/links/ok) and\n[a dataset](${api.url}/links/${target}).\n`;
  const runSchedule = () => runAction({ workspace, eventName: 'schedule', event: 'schedule.json', apiUrl: api.url, inputs: { 'remote-url': remote, 'working-directory': 'blog' } });

  beforeAll(async () => {
    await api.start();
    remote = makeBareRemote();
    workspace = makeWorkspace({}, 'blog');
  });
  afterAll(async () => {
    await api.stop();
    removeTempDirs();
  });

  test('with a dead external link: deploys anyway, warns, and opens one issue listing it', async () => {
    writeFileSync(path.join(workspace, 'blog/posts/reading-list.md'), linksPost('gone'));
    const result = await runSchedule();
    expect(result.code).toBe(0);
    expect(branchFiles(remote)).toContain('posts/reading-list/index.html');
    expect(Number(result.outputs.warnings)).toBe(1);
    expect(result.stdout).toMatch(/^::warning .*file=blog\/posts\/reading-list\.md,line=6::.*\/links\/gone/m);
    expect(api.issues).toHaveLength(1);
    expect(api.issues[0].state).toBe('open');
    expect(api.issues[0].body).toContain('<!-- lemma:link-rot -->');
    expect(api.issues[0].body).toContain(`${api.url}/links/gone`);
    expect(api.issues[0].body).toContain('`blog/posts/reading-list.md:6`');
    expect(api.issues[0].body).not.toContain('/links/ok');
  });

  test('a second run that still finds it updates the same issue', async () => {
    const result = await runSchedule();
    expect(result.code).toBe(0);
    expect(api.issues).toHaveLength(1);
    expect(api.writes().filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(1);
  });

  test('a clean run closes the issue', async () => {
    writeFileSync(path.join(workspace, 'blog/posts/reading-list.md'), linksPost('ok'));
    const result = await runSchedule();
    expect(result.code).toBe(0);
    expect(result.outputs.warnings).toBe('0');
    expect(api.issues).toHaveLength(1);
    expect(api.issues[0].state).toBe('closed');
  });
});
