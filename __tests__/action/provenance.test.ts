import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub } from './fake-github.js';
import { branchFiles, branchTip, git, makeBareRemote, makeWorkspace, pushFiles, removeTempDirs, runAction } from './run-action.js';

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
  const deploy = (sha: string, env: NodeJS.ProcessEnv = {}) => {
    git(workspace, 'checkout', '--quiet', sha);
    return runAction({ workspace, eventName: 'push', event: 'push.json', apiUrl: api.url, sha, inputs: { 'remote-url': remote }, env });
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

  test('A racing B: B lands between A fetching the branch and pushing; A stands down on its retry', async () => {
    // A pre-push hook (set for the action's git through the environment) lands B's deploy at
    // the last moment, as a rival job would, so A's first push is rejected.
    const hooks = path.join(path.dirname(remote), `${path.basename(remote)}-race-hooks`);
    const rival = path.join(path.dirname(remote), `${path.basename(remote)}-race-rival`);
    mkdirSync(hooks);
    writeFileSync(
      path.join(hooks, 'pre-push'),
      [
        '#!/bin/sh',
        `[ -e "${hooks}/fired" ] && exit 0`,
        `touch "${hooks}/fired"`,
        'unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE',
        `git clone --quiet --branch gh-pages "${remote}" "${rival}"`,
        `cd "${rival}" && echo '<p>B, again</p>' > rival.html && git add --all`,
        `git -c user.name=Rival -c user.email=rival@example.com commit --quiet -m "Deploy ${b}" -m "Lemma-Source: ${b}"`,
        'git push --quiet origin gh-pages',
      ].join('\n'),
      { mode: 0o755 },
    );
    // The branch records A (with a page A's build removes), so A's deploy goes ahead until its push.
    git(remote, 'update-ref', 'refs/heads/gh-pages', git(remote, 'rev-list', '-1', '--grep', `Lemma-Source: ${a}`, 'gh-pages').trim());
    pushFiles(remote, 'gh-pages', { 'stale.html': '<p>left over</p>' }, `Deploy ${a}\n\nLemma-Source: ${a}`);
    expect(source()).toBe(a);
    const result = await deploy(a, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.hooksPath', GIT_CONFIG_VALUE_0: hooks });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Push 1\/5 was rejected/);
    expect(result.stdout).toMatch(/^::notice::Not deployed: the site on gh-pages was built from/m);
    expect(source()).toBe(b);
    expect(git(remote, 'log', '-1', '--format=%an', 'gh-pages').trim()).toBe('Rival');
  });
});
