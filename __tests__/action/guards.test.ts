import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub, JOB_BOT } from './fake-github.js';
import { branchFiles, branchTip, makeBareRemote, makeWorkspace, pushFiles, runAction, removeTempDirs } from './run-action.js';

/** Runs that must not publish: a failing check, a fork's pull request, and invalid inputs. */
describe('the action refuses to publish what it must not', () => {
  const api = new FakeGitHub();
  let remote: string;
  let tipBefore: string;

  beforeAll(async () => {
    await api.start();
    remote = makeBareRemote();
    pushFiles(remote, 'gh-pages', { 'index.html': '<p>live site</p>' }, 'The live site');
    tipBefore = branchTip(remote);
  });
  afterAll(async () => {
    await api.stop();
    removeTempDirs();
  });

  test('a failing check deploys nothing, exits non-zero, annotates the Markdown lines and reports them on the PR', async () => {
    const broken = ['---', 'title: Broken', 'date: 2026-03-20', '---', 'Intro.', '', 'Then $\\frac{1}{2$ oops.', '', 'A [dead link](/posts/missing/).', '', '<a href="/posts/![pwn](https://evil.example/pwn.png)">Markdown in a link target</a>', '', '| a | b |', '|---|---|', '| $x$ | fine |', '| y | $\\sqrt{$ |', '', '<a href="/posts//gone-too/">A raw link the build normalises</a>', ''].join('\n');
    api.pullFiles.set(7, [{ filename: 'posts/broken.md', status: 'added' }]);
    const result = await runAction({
      workspace: makeWorkspace({ 'broken.md': broken }),
      eventName: 'pull_request',
      event: 'pull_request.opened.json',
      apiUrl: api.url,
      ref: 'refs/pull/7/merge',
      inputs: { 'remote-url': remote },
    });
    expect(result.code).not.toBe(0);
    expect(branchTip(remote)).toBe(tipBefore);
    expect(result.stdout).toMatch(/^::error .*file=posts\/broken\.md,line=7::KaTeX parse error/m);
    // In a table, on the row's own line (markdown-it gives cells no line of their own).
    expect(result.stdout).toMatch(/^::error .*file=posts\/broken\.md,line=16::KaTeX parse error/m);
    // A raw HTML link whose path the build normalised (`//`) is still found in the Markdown.
    expect(result.stdout).toMatch(/^::error .*file=posts\/broken\.md,line=18::Broken link: \/posts\/gone-too\//m);
    expect(result.stdout).toMatch(/^::error .*file=posts\/broken\.md,line=9::Broken link: \/posts\/missing\/ —/m);
    // Links as the author wrote them, not with the preview's path prefix the build added.
    expect(result.stdout).not.toMatch(/^::error .*pr-preview/m);
    // A link target is shown as text in the summary, never as a Markdown image or link.
    expect(result.summary).toContain('\\!\\[pwn\\]\\(');
    expect(result.summary).not.toContain('![pwn](');
    expect(result.summary).not.toContain('pr-preview/pr-7/posts/missing');
    expect(result.stdout).toMatch(/^::error::Lemma found \d+ error\(s\); nothing was deployed/m);
    expect(Number(result.outputs.errors)).toBeGreaterThanOrEqual(2);
    expect(result.outputs['preview-url']).toBeUndefined();
    expect(result.summary).toContain('Nothing was deployed');
    expect(result.summary).toContain('posts/broken.md:7');

    const [comment, ...more] = api.comments.get(7) ?? [];
    expect(more).toEqual([]);
    expect(comment.body).toMatch(/Preview\*\* \| not updated/);
    expect(comment.body).toContain('`posts/broken.md:7` **error** (math)');
    expect(comment.body).toContain('`posts/broken.md:9` **error** (link): Broken link: /posts/missing/ —');
    expect(comment.body).not.toContain('![pwn](');
    // The preview was not updated, so the new post is named but not linked.
    expect(comment.body).toMatch(/^- posts\/broken\.md$/m);
  });

  test('a pull request from a fork is built and checked, but nothing is pushed and nothing is written', async () => {
    const before = api.requests.length;
    const result = await runAction({
      workspace: makeWorkspace(),
      eventName: 'pull_request',
      event: 'pull_request.fork.json',
      apiUrl: api.url,
      ref: 'refs/pull/7/merge',
      inputs: { 'remote-url': remote },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/comes from a fork/);
    expect(result.summary).toMatch(/comes from a fork: building and checking only, nothing is pushed and no write token is used/);
    expect(result.stdout).toMatch(/^::notice::Pull request from a fork: built and checked only/m);
    expect(result.outputs.errors).toBe('0');
    expect(result.outputs['preview-url']).toBeUndefined();
    expect(branchTip(remote)).toBe(tipBefore);
    expect(branchFiles(remote)).toEqual(['index.html']);
    // No API call at all, so certainly none that writes.
    expect(api.requests.slice(before)).toEqual([]);
  });

  test('deploy: artifact builds and checks for the Pages artifact flow, and pushes nothing itself', async () => {
    const before = api.requests.length;
    const result = await runAction({ workspace: makeWorkspace(), eventName: 'push', event: 'push.json', apiUrl: api.url, inputs: { 'remote-url': remote, deploy: 'artifact' } });
    expect(result.code).toBe(0);
    expect(branchTip(remote)).toBe(tipBefore);
    const site = result.outputs['site-dir'];
    expect(readFileSync(path.join(site, 'posts/softmax/index.html'), 'utf8')).toContain('href="/blog/posts/gradient-descent/#convergence"');
    expect(result.summary).toContain(`upload ${site} with actions/upload-pages-artifact`);
    // It reads only the custom domain in Settings → Pages, the one this flow serves.
    expect(api.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/octo/blog/pages']);
  });

  test.each([
    [{ deploy: 'ftp' }, /Input "deploy": "ftp" is not one of "branch", "artifact", "none"/],
    [{ branch: 'gh..pages' }, /Input "branch": "gh\.\.pages" is not a valid git branch name/],
    [{ token: '' }, /Input "token": is empty, but this run pushes to the gh-pages branch/],
    [{ 'external-links': 'sometimes' }, /Input "external-links": "sometimes" is not one of/],
    [{ 'site-url': 'blog.example.com' }, /Input "site-url": "blog\.example\.com" is not a URL/],
    [{ 'working-directory': 'nowhere' }, /Input "working-directory": .*nowhere is not a folder/],
    [{ 'remote-url': 'ext::sh -c touch /tmp/lemma-pwned' }, /Input "remote-url": "ext::sh -c touch \/tmp\/lemma-pwned" is not a git remote: it holds spaces/],
    [{ 'remote-url': 'ext::sh' }, /Input "remote-url": "ext::sh" is not a git remote git can reach safely\. Write an https:\/\/ or ssh:\/\/ URL/],
    [{ 'remote-url': '--upload-pack=touch' }, /Input "remote-url": .* starts with "-"/],
    [{ 'remote-url': 'https://user:secret@example.com/blog.git' }, /Input "remote-url": holds a user name or password/],
    [{ 'remote-url': '/no/such/repository.git' }, /Input "remote-url": \/no\/such\/repository\.git does not exist/],
  ])('invalid inputs %p fail before building, with a clear error', async (inputs, message) => {
    const result = await runAction({ workspace: makeWorkspace(), eventName: 'push', event: 'push.json', apiUrl: api.url, inputs: { 'remote-url': remote, ...inputs } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(message);
    expect(result.stdout).not.toMatch(/::group::Build/);
    // Even a run that never started says why in its summary and outputs.
    expect(result.summary).toMatch(/This run failed[\s\S]*Input/);
    expect(result.outputs.errors).toBe('1');
    expect(branchTip(remote)).toBe(tipBefore);
  });

  test('a job without permission to comment fails, naming the permission to grant', async () => {
    // Closing needs no build: the run removes the preview, then must update the comment.
    api.comments.set(7, [{ id: 1, body: '<!-- lemma:pr-preview -->\nPreview: …', user: JOB_BOT }]);
    api.forbidWrites = true;
    try {
      const result = await runAction({
        workspace: makeWorkspace(),
        eventName: 'pull_request',
        event: 'pull_request.closed.json',
        apiUrl: api.url,
        ref: 'refs/pull/7/merge',
        inputs: { 'remote-url': makeBareRemote() },
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^::error::Updating the preview comment failed \(HTTP 403\).*Grant "pull-requests: write"/m);
    } finally {
      api.forbidWrites = false;
    }
  });
});
