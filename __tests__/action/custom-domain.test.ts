import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub } from './fake-github.js';
import { branchTip, makeBareRemote, makeWorkspace, pushFiles, removeTempDirs, runAction } from './run-action.js';

/**
 * A custom domain set in Settings → Pages lives in CNAME on the Pages branch (and in the
 * Pages settings): pages must be built for that domain's root, and inputs that say
 * otherwise are an error naming what to change. (The deploy tests build for a branch CNAME.)
 */
describe('a custom domain', () => {
  const api = new FakeGitHub();
  let remote: string;
  let tip: string;
  const run = (inputs: Record<string, string>) => runAction({ workspace: makeWorkspace(), eventName: 'push', event: 'push.json', apiUrl: api.url, inputs: { 'remote-url': remote, ...inputs } });

  beforeAll(async () => {
    await api.start();
    remote = makeBareRemote();
    pushFiles(remote, 'gh-pages', { 'index.html': '<p>live</p>', CNAME: 'blog.example.com\n' }, 'Settings → Pages: custom domain');
    tip = branchTip(remote);
  });
  afterAll(async () => {
    await api.stop();
    removeTempDirs();
  });

  test.each([
    [{ 'site-url': 'https://octo.github.io/blog/' }, /Input "site-url": "https:\/\/octo\.github\.io\/blog\/" is not on the custom domain blog\.example\.com \(CNAME on the gh-pages branch\).*Change "site-url" to "https:\/\/blog\.example\.com\/", or remove it/],
    [{ cname: 'notes.example.org' }, /Input "cname": the "cname" input is "notes\.example\.org", CNAME on the gh-pages branch is "blog\.example\.com"\. GitHub Pages serves the site at blog\.example\.com\. Set "cname" to "blog\.example\.com"/],
  ])('%p disagreeing with CNAME on the branch is an error before anything is built', async (inputs, message) => {
    const result = await run(inputs);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(message);
    expect(result.stdout).not.toMatch(/::group::Build/);
    expect(branchTip(remote)).toBe(tip);
  });

  test('the domain in Settings → Pages is followed by the artifact flow, which has no branch', async () => {
    api.pagesCname = 'notes.example.org';
    try {
      const result = await run({ deploy: 'artifact' });
      expect(result.code).toBe(0);
      expect(result.outputs['page-url']).toBe('https://notes.example.org/');
      const page = readFileSync(path.join(result.outputs['site-dir'], 'posts/softmax/index.html'), 'utf8');
      expect(page).toContain('<link rel="canonical" href="https://notes.example.org/posts/softmax/">');
      expect(page).toContain('href="/posts/gradient-descent/#convergence"');
    } finally {
      api.pagesCname = undefined;
    }
  });

  test('Settings → Pages and the branch disagreeing is an error naming the setting as what GitHub serves', async () => {
    api.pagesCname = 'notes.example.org';
    try {
      const result = await run({});
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/CNAME on the gh-pages branch is "blog\.example\.com", the custom domain in Settings → Pages is "notes\.example\.org"\. GitHub Pages serves the site at notes\.example\.org/);
      expect(branchTip(remote)).toBe(tip);
    } finally {
      api.pagesCname = undefined;
    }
  });
});
