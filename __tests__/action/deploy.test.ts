import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub } from './fake-github.js';
import { branchFile, branchFiles, git, makeBareRemote, makeWorkspace, pushFiles, runAction, type ActionRun, removeTempDirs } from './run-action.js';

/**
 * One blog repository through its life: a push publishes it, a pull request gets a preview
 * and one comment, a second push updates both, closing removes only that preview.
 * Each run is the real bundled action against a local bare repository and a local API server.
 */
describe('the action deploys to the Pages branch', () => {
  const api = new FakeGitHub();
  let remote: string;
  let workspace: string;
  const run = (eventName: string, event: string, extra: { sha?: string; ref?: string } = {}): Promise<ActionRun> =>
    runAction({ workspace, eventName, event, apiUrl: api.url, inputs: { 'remote-url': remote }, ...extra });

  beforeAll(async () => {
    await api.start();
    remote = makeBareRemote();
    workspace = makeWorkspace();
    // The branch already holds another PR's preview and a custom domain.
    pushFiles(remote, 'gh-pages', { 'pr-preview/pr-3/index.html': '<p>PR 3</p>', CNAME: 'blog.example.com\n', 'old-page.html': 'stale' }, 'Earlier deploys');
    api.pullFiles.set(7, [
      { filename: 'posts/softmax.md', status: 'modified' },
      { filename: 'README.md', status: 'modified' },
    ]);
  });
  afterAll(async () => {
    await api.stop();
    removeTempDirs();
  });

  test('a push to main replaces the root, keeps pr-preview/pr-3/ and CNAME, builds for that domain, and names the source commit', async () => {
    const result = await run('push', 'push.json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const files = branchFiles(remote);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'posts/gradient-descent/index.html', 'posts/softmax/index.html', '.nojekyll', 'CNAME', 'pr-preview/pr-3/index.html']));
    expect(files).not.toContain('old-page.html');
    expect(branchFile(remote, 'CNAME')).toBe('blog.example.com\n');
    expect(git(remote, 'log', '-1', '--format=%s', 'gh-pages')).toContain('1111111111111111111111111111111111111111');
    expect(git(remote, 'log', '-1', '--format=%(trailers:key=Lemma-Source,valueonly)', 'gh-pages').trim()).toBe('1111111111111111111111111111111111111111');
    // Pages serves the site at the custom domain in CNAME, at its root: no /blog/ prefix.
    const page = branchFile(remote, 'posts/gradient-descent/index.html');
    expect(page).toContain('href="/posts/softmax/"');
    expect(page).toContain('<link rel="canonical" href="https://blog.example.com/posts/gradient-descent/">');
    expect(page).not.toContain('/blog/');
    expect(result.outputs).toMatchObject({ 'page-url': 'https://blog.example.com/', errors: '0', warnings: '0' });
    expect(existsSync(path.join(result.outputs['site-dir'], 'index.html'))).toBe(true);
    expect(result.summary).toMatch(/Deployed 1111111 to the site root of gh-pages/);
    expect(result.summary).toMatch(/no problems/);
    expect(api.writes()).toEqual([]);
  });

  test('a pull request deploys its preview under pr-preview/pr-7/ and creates one comment', async () => {
    const root = branchFile(remote, 'index.html');
    const result = await run('pull_request', 'pull_request.opened.json', { sha: 'ffffffffffffffffffffffffffffffffffffffff', ref: 'refs/pull/7/merge' });
    expect(result.code).toBe(0);
    expect(branchFile(remote, 'pr-preview/pr-7/posts/softmax/index.html')).toContain('href="/pr-preview/pr-7/posts/gradient-descent/#convergence"');
    expect(branchFile(remote, 'index.html')).toBe(root);
    expect(branchFiles(remote)).toContain('pr-preview/pr-3/index.html');
    expect(result.outputs['preview-url']).toBe('https://blog.example.com/pr-preview/pr-7/');

    const comments = api.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    const body = comments[0].body;
    expect(body).toContain('<!-- lemma:pr-preview -->');
    expect(body).toContain('https://blog.example.com/pr-preview/pr-7/');
    // The changed post links into the preview; README.md is not a post.
    expect(body).toContain('(https://blog.example.com/pr-preview/pr-7/posts/softmax/)');
    expect(body).not.toContain('README.md');
    expect(body).toContain('2222222'); // the PR head, not the merge commit
    expect(body).toMatch(/0 errors, 0 warnings/);
  });

  test('a second push to the pull request updates the preview and the same comment', async () => {
    writeFileSync(path.join(workspace, 'posts/softmax.md'), readFileSync(path.join(workspace, 'posts/softmax.md'), 'utf8') + '\nA new paragraph on $T \\to 0$.\n');
    const result = await run('pull_request', 'pull_request.synchronize.json', { ref: 'refs/pull/7/merge' });
    expect(result.code).toBe(0);
    const comments = api.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('3333333');
    expect(comments[0].body).not.toContain('2222222');
    expect(api.writes().filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(api.writes().filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(git(remote, 'log', '-1', '--format=%s', 'gh-pages')).toContain('3333333333333333333333333333333333333333');
    // A preview leaves the root alone, and so keeps saying which commit the root was built from.
    expect(git(remote, 'log', '-1', '--format=%(trailers:key=Lemma-Source,valueonly)', 'gh-pages').trim()).toBe('1111111111111111111111111111111111111111');
    expect(branchFile(remote, 'pr-preview/pr-7/posts/softmax/index.html')).toContain('A new paragraph');
  });

  test('closing the pull request removes only its preview and says so in the comment', async () => {
    const result = await run('pull_request', 'pull_request.closed.json', { ref: 'refs/pull/7/merge' });
    expect(result.code).toBe(0);
    const files = branchFiles(remote);
    expect(files.filter((f) => f.startsWith('pr-preview/pr-7/'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'pr-preview/pr-3/index.html', 'CNAME', '.nojekyll']));
    const comments = api.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toMatch(/preview of this pull request was removed/);
  });

  test('two deploys racing both land: a rival push between fetch and push is kept', async () => {
    // A pre-push hook (set for the action's git through the environment) lets a second clone
    // deploy PR 9's preview at the last moment, so the action's first push is rejected.
    const rival = path.join(path.dirname(remote), `${path.basename(remote)}-rival`);
    const hook = path.join(path.dirname(remote), `${path.basename(remote)}-hooks`);
    mkdirSync(hook);
    writeFileSync(
      path.join(hook, 'pre-push'),
      [
        '#!/bin/sh',
        `[ -e "${hook}/fired" ] && exit 0`,
        `touch "${hook}/fired"`,
        'unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE',
        `git clone --quiet --branch gh-pages "${remote}" "${rival}"`,
        `cd "${rival}" && mkdir -p pr-preview/pr-9 && echo '<p>PR 9</p>' > pr-preview/pr-9/index.html`,
        'git add --all && git -c user.name=Rival -c user.email=rival@example.com commit --quiet -m "Deploy the preview of PR #9"',
        'git push --quiet origin gh-pages',
      ].join('\n'),
      { mode: 0o755 },
    );
    const env = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.hooksPath', GIT_CONFIG_VALUE_0: hook };
    const result = await runAction({
      workspace: makeWorkspace({ 'third.md': '---\ntitle: Third\ndate: 2026-03-15\n---\nA third post, $x^3$.\n' }),
      eventName: 'push',
      event: 'push.json',
      apiUrl: api.url,
      inputs: { 'remote-url': remote },
      env,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/rejected/);
    const files = branchFiles(remote);
    expect(files).toEqual(expect.arrayContaining(['posts/third/index.html', 'pr-preview/pr-9/index.html', 'pr-preview/pr-3/index.html', 'CNAME']));
    expect(git(remote, 'log', '--format=%s', 'gh-pages')).toMatch(/Deploy 1111111[\s\S]*Deploy the preview of PR #9/);
  });
});
