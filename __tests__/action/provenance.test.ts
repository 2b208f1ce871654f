import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub } from './fake-github.js';
import { branchFiles, branchTip, git, makeBareRemote, makeWorkspace, removeTempDirs, runAction } from './run-action.js';

/**
 * Production deploys of a real history, A then its child B: each Pages commit records its
 * source, and a run for A that comes after B (it started late, or it was re-run) stands down.
 * The stand-in API answers compares from the same git history.
 */
describe('an older commit never replaces a newer site', () => {
  const api = new FakeGitHub();
  let remote: string;
  let workspace: string;
  let a: string;
  let b: string;
  const deploy = (sha: string) => {
    git(workspace, 'checkout', '--quiet', sha);
    return runAction({ workspace, eventName: 'push', event: 'push.json', apiUrl: api.url, sha, inputs: { 'remote-url': remote } });
  };
  const source = () => git(remote, 'log', '-1', '--format=%(trailers:key=Lemma-Source,valueonly)', 'gh-pages').trim();

  beforeAll(async () => {
    await api.start();
    remote = makeBareRemote();
    workspace = makeWorkspace();
    git(workspace, 'init', '--quiet');
    git(workspace, 'add', '--all');
    git(workspace, 'commit', '--quiet', '-m', 'A: two posts');
    a = git(workspace, 'rev-parse', 'HEAD').trim();
    writeFileSync(path.join(workspace, 'posts/third.md'), '---\ntitle: Third\ndate: 2026-03-15\n---\nOnly in B, $x^3$.\n');
    git(workspace, 'add', '--all');
    git(workspace, 'commit', '--quiet', '-m', 'B: a third post');
    b = git(workspace, 'rev-parse', 'HEAD').trim();
    api.sourceRepo = workspace;
  });
  afterAll(async () => {
    await api.stop();
    removeTempDirs();
  });

  test('A deploys, then B (a descendant) replaces it', async () => {
    expect((await deploy(a)).code).toBe(0);
    expect(source()).toBe(a);
    const result = await deploy(b);
    expect(result.code).toBe(0);
    expect(source()).toBe(b);
    expect(branchFiles(remote)).toContain('posts/third/index.html');
    expect(api.requests.map((r) => r.path)).toContain(`/repos/octo/blog/compare/${b}...${a}?per_page=1`);
  });

  test('A again, after B: a notice, exit 0, and B stays live', async () => {
    const tip = branchTip(remote);
    const result = await deploy(a);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^::notice::Not deployed: the site on gh-pages was built from ${b.slice(0, 7)}, which is newer than ${a.slice(0, 7)}`, 'm'));
    expect(result.summary).toContain('An older commit never replaces a newer site');
    expect(branchTip(remote)).toBe(tip);
    expect(branchFiles(remote)).toContain('posts/third/index.html');
  });
});
