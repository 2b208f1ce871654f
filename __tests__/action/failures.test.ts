import { FakeGitHub, JOB_BOT } from './fake-github.js';
import { branchTip, makeBareRemote, makeWorkspace, pushFiles, removeTempDirs, runAction } from './run-action.js';
import { workflowCommands } from './workflow-commands.js';

const MARKER = '<!-- lemma:pr-preview -->';
const LAST_GOOD = `${MARKER}\n### Lemma preview\n\n| **Checks** | ✅ 0 errors, 0 warnings in 11 pages |`;

/**
 * Whatever stage fails, the author learns where and why: annotations on the lines, the job
 * summary, the `errors` output, and on the pull request the one sticky comment, which must
 * stop saying "✅ 0 errors" from the last good run.
 */
describe('a run that fails', () => {
  const api = new FakeGitHub();
  let remote: string;
  let tip: string;
  beforeAll(async () => {
    await api.start();
    remote = makeBareRemote();
    pushFiles(remote, 'gh-pages', { 'index.html': '<p>live site</p>' }, 'The live site');
    tip = branchTip(remote);
  });
  afterAll(async () => {
    await api.stop();
    removeTempDirs();
  });

  test('on front matter: each problem annotated on its line, in the summary and outputs, and the comment says it failed', async () => {
    // A comment anyone pasted the marker into is not ours: it is left alone.
    const pasted = { id: 90, body: `${MARKER}\nPreview: https://evil.example/`, user: { login: 'mallory', type: 'User' as const } };
    api.comments.set(7, [pasted, { id: 91, body: LAST_GOOD, user: JOB_BOT }]);
    api.pullFiles.set(7, [{ filename: 'posts/someday.md', status: 'added' }]);
    const post = ['---', 'title: Someday', 'date: someday', '---', 'Text.', ''].join('\n');
    const result = await runAction({
      workspace: makeWorkspace({ 'someday.md': post }),
      eventName: 'pull_request',
      event: 'pull_request.opened.json',
      apiUrl: api.url,
      ref: 'refs/pull/7/merge',
      inputs: { 'remote-url': remote },
    });

    expect(result.code).toBe(1);
    const errors = workflowCommands(result.stdout).filter((c) => c.name === 'error');
    const onLine = errors.find((c) => /file=posts\/someday\.md,line=3/.test(c.properties));
    expect(onLine?.data).toMatch(/front matter "date": "someday" is not a date/);
    expect(errors.at(-1)?.data).toMatch(/^Lemma found 1 error\(s\); nothing was deployed \(the build stopped on 1 front matter problem\(s\)\)/);
    expect(result.outputs.errors).toBe('1');
    expect(result.outputs['preview-url']).toBeUndefined();
    expect(result.summary).toMatch(/This run failed/);
    expect(result.summary).toContain('`posts/someday.md:3`');
    expect(result.summary).toMatch(/front matter/);
    expect(branchTip(remote)).toBe(tip);

    const [theirs, ours, ...more] = api.comments.get(7)!;
    expect(more).toEqual([]);
    expect(theirs).toEqual(pasted);
    expect(ours.id).toBe(91);
    expect(ours.body).toMatch(/^<!-- lemma:pr-preview -->\n### ❌ Lemma preview: this run failed/);
    expect(ours.body).toMatch(/\*\*Why:\*\* the build stopped on 1 front matter problem\\\(s\\\)/);
    expect(ours.body).toContain('`posts/someday.md:3` **error** (front-matter)');
    expect(ours.body).not.toContain('✅');
  });

  test('on a push the token may not make: git’s words, the permission to grant, and the comment says so', async () => {
    const result = await runAction({
      workspace: makeWorkspace(),
      eventName: 'pull_request',
      event: 'pull_request.opened.json',
      apiUrl: api.url,
      ref: 'refs/pull/7/merge',
      // A real git remote over HTTP that answers 403, as github.com does for a read-only token.
      inputs: { 'remote-url': `${api.url}/git/octo/blog.git` },
    });

    expect(result.code).toBe(1);
    const failure = workflowCommands(result.stdout).filter((c) => c.name === 'error').at(-1)!;
    expect(failure.data).toMatch(/403/);
    expect(failure.data).toMatch(/grant "contents: write" in the job's permissions/);
    expect(result.outputs.errors).toBe('1');
    expect(result.summary).toMatch(/This run failed/);
    expect(result.summary).toMatch(/contents: write/);
    const [comment] = api.comments.get(7)!.filter((c) => c.user.login === JOB_BOT.login);
    expect(comment.body).toMatch(/this run failed/);
    expect(comment.body).toMatch(/contents: write/);
    expect(comment.body).toMatch(/did not finish/);
  });
});
