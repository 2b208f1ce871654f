import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub, JOB_BOT } from './fake-github.js';
import { branchFiles, git, makeBareRemote, makeWorkspace, runAction, removeTempDirs } from './run-action.js';

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

  const ours = () => api.issues.filter((i) => i.user.login === JOB_BOT.login);
  // Someone pasted the hidden marker into an issue of their own: it is not the action's.
  const pasted = { number: 1, title: 'Dead links?', body: '<!-- lemma:link-rot -->\nSee https://evil.example/', state: 'open' as const, user: { login: 'mallory', type: 'User' as const } };

  beforeAll(async () => {
    await api.start();
    remote = makeBareRemote();
    workspace = makeWorkspace({}, 'blog');
    git(workspace, 'init', '--quiet');
    git(workspace, 'add', '--all');
    git(workspace, 'commit', '--quiet', '-m', 'The blog');
    api.issues.push({ ...pasted });
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
    expect(ours()).toHaveLength(1);
    const [issue] = ours();
    expect(issue.state).toBe('open');
    expect(issue.body).toContain('<!-- lemma:link-rot -->');
    expect(issue.body).toContain(`${api.url}/links/gone`);
    expect(issue.body).toContain('`blog/posts/reading-list.md:6`');
    expect(issue.body).not.toContain('/links/ok');
    expect(api.issues.find((i) => i.number === pasted.number)).toEqual(pasted);
    // The cache is where the workflow's actions/cache step (path: .cache) looks, whatever working-directory says.
    expect(existsSync(path.join(workspace, '.cache/lemma'))).toBe(true);
    expect(existsSync(path.join(workspace, 'blog/.cache'))).toBe(false);
    // The last commit is recent: the schedule is in no danger.
    expect(result.summary).not.toMatch(/days old/);
  });

  test('a second run that still finds it updates the same issue', async () => {
    const result = await runSchedule();
    expect(result.code).toBe(0);
    expect(ours()).toHaveLength(1);
    expect(api.writes().filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(1);
  });

  test('a clean run closes the issue; a last commit 50 days old is warned about', async () => {
    writeFileSync(path.join(workspace, 'blog/posts/reading-list.md'), linksPost('ok'));
    const old = new Date(Date.now() - 50 * 86_400_000).toISOString();
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '--quiet', '--allow-empty', '-m', 'Long ago'], {
      cwd: workspace,
      env: { ...process.env, GIT_AUTHOR_DATE: old, GIT_COMMITTER_DATE: old },
    });
    const result = await runSchedule();
    expect(result.code).toBe(0);
    expect(result.outputs.warnings).toBe('0');
    expect(ours()).toHaveLength(1);
    expect(ours()[0].state).toBe('closed');
    expect(api.issues.find((i) => i.number === pasted.number)?.state).toBe('open');
    expect(result.stdout).toMatch(/^::warning::The last commit to this repository is 50 days old\. GitHub turns scheduled workflows off after 60 days/m);
    expect(result.summary).toMatch(/The last commit to this repository is 50 days old/);
  });
});
