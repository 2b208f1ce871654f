import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { changedPosts } from '../../src/action/changed-posts.js';
import { planRun, sourceSha, wantsExternalLinks, type EventPayload, type RunEvent } from '../../src/action/event.js';
import { locationUrl, previewLocation, productionLocation } from '../../src/action/site-url.js';

const repository = { id: 1001, default_branch: 'main' };
const pr = (action: string, headRepo: { id: number } | null): EventPayload => ({
  action,
  repository,
  pull_request: { number: 12, head: { sha: 'abc', repo: headRepo } },
});
const event = (name: string, payload: EventPayload, ref = 'refs/heads/main'): RunEvent => ({ name, ref, sha: 'merge-sha', payload });
const branch = { deploy: 'branch' as const, previews: true };

describe('planRun decides from the event what a run does', () => {
  test.each([
    ['push', { repository }, 'refs/heads/main', 'production'],
    ['workflow_dispatch', { repository }, 'refs/heads/main', 'production'],
    ['schedule', { repository }, 'refs/heads/main', 'production'],
    ['push', { repository }, 'refs/heads/feature', 'check-only'],
    ['push', { repository }, 'refs/tags/v1', 'check-only'],
    ['pull_request', pr('opened', { id: 1001 }), 'refs/pull/12/merge', 'preview'],
    ['pull_request', pr('synchronize', { id: 1001 }), 'refs/pull/12/merge', 'preview'],
    ['pull_request', pr('reopened', { id: 1001 }), 'refs/pull/12/merge', 'preview'],
    ['pull_request', pr('closed', { id: 1001 }), 'refs/pull/12/merge', 'remove-preview'],
    ['pull_request', pr('labeled', { id: 1001 }), 'refs/pull/12/merge', 'check-only'],
  ])('%s on %s → %s', (name, payload, ref, kind) => {
    expect(planRun(event(name, payload as EventPayload, ref), branch).kind).toBe(kind);
  });

  test('a pull request whose head is another repository, or a deleted one, is a fork: check only', () => {
    for (const payload of [pr('opened', { id: 2002 }), pr('synchronize', { id: 2002 }), pr('opened', null)]) {
      expect(planRun(event('pull_request', payload), branch)).toMatchObject({ kind: 'check-only', fork: true });
    }
  });

  test('closing a pull request that never had a preview (a fork, or previews off) does nothing', () => {
    expect(planRun(event('pull_request', pr('closed', { id: 2002 })), branch).kind).toBe('nothing');
    expect(planRun(event('pull_request', pr('closed', { id: 1001 })), { deploy: 'artifact', previews: true }).kind).toBe('nothing');
    expect(planRun(event('pull_request', pr('closed', { id: 1001 })), { deploy: 'branch', previews: false }).kind).toBe('nothing');
  });

  test('artifact and none modes never preview; none never publishes', () => {
    expect(planRun(event('pull_request', pr('opened', { id: 1001 })), { deploy: 'artifact', previews: true }).kind).toBe('check-only');
    expect(planRun(event('push', { repository }), { deploy: 'artifact', previews: true }).kind).toBe('production');
    expect(planRun(event('push', { repository }), { deploy: 'none', previews: true }).kind).toBe('check-only');
    expect(planRun(event('pull_request', pr('opened', { id: 1001 })), { deploy: 'branch', previews: false }).kind).toBe('check-only');
  });

  test('the source commit of a pull request is its head, not the merge commit', () => {
    expect(sourceSha(event('pull_request', pr('opened', { id: 1001 })))).toBe('abc');
    expect(sourceSha(event('push', { repository }))).toBe('merge-sha');
  });

  test('external links are checked on schedule by default', () => {
    expect(wantsExternalLinks(event('schedule', { repository }), 'schedule')).toBe(true);
    expect(wantsExternalLinks(event('push', { repository }), 'schedule')).toBe(false);
    expect(wantsExternalLinks(event('push', { repository }), 'always')).toBe(true);
    expect(wantsExternalLinks(event('schedule', { repository }), 'never')).toBe(false);
  });
});

describe('site locations', () => {
  test('GitHub Pages defaults: a project site under /<repo>/, a user site at the root', () => {
    expect(locationUrl(productionLocation({ siteUrl: '', cname: '', repository: 'Octo/blog' }))).toBe('https://octo.github.io/blog/');
    expect(locationUrl(productionLocation({ siteUrl: '', cname: '', repository: 'octo/Octo.github.io' }))).toBe('https://octo.github.io/');
  });

  test('a custom domain or an explicit URL wins, and previews live below it', () => {
    expect(productionLocation({ siteUrl: '', cname: 'blog.example.com', repository: 'octo/blog' })).toEqual({ origin: 'https://blog.example.com', pathPrefix: '/' });
    const explicit = productionLocation({ siteUrl: 'https://example.org/notes', cname: 'x.example.com', repository: 'octo/blog' });
    expect(explicit).toEqual({ origin: 'https://example.org', pathPrefix: '/notes/' });
    expect(locationUrl(previewLocation(explicit, 4))).toBe('https://example.org/notes/pr-preview/pr-4/');
  });
});

describe('changedPosts', () => {
  test('keeps Markdown posts of the blog folder, linking those the build published', () => {
    const site = mkdtempSync(path.join(tmpdir(), 'lemma-site-'));
    for (const page of ['posts/a', 'posts/b', 'posts/with space']) {
      mkdirSync(path.join(site, page), { recursive: true });
      writeFileSync(path.join(site, page, 'index.html'), '');
    }
    const files = ['blog/posts/a.md', 'blog/posts/b/index.md', 'blog/posts/with space.md', 'blog/posts/draft.md', 'blog/posts/a.png', 'posts/elsewhere.md', 'README.md'];
    expect(changedPosts(files, { projectPrefix: 'blog', siteDir: site, siteUrl: 'https://o.github.io/r/pr-preview/pr-1/' })).toEqual([
      { file: 'blog/posts/a.md', published: true, url: 'https://o.github.io/r/pr-preview/pr-1/posts/a/' },
      { file: 'blog/posts/b/index.md', published: true, url: 'https://o.github.io/r/pr-preview/pr-1/posts/b/' },
      { file: 'blog/posts/with space.md', published: true, url: 'https://o.github.io/r/pr-preview/pr-1/posts/with%20space/' },
      { file: 'blog/posts/draft.md', published: false, url: 'https://o.github.io/r/pr-preview/pr-1/posts/draft/' },
    ]);
  });

  test('keeps notebook posts too, at their URL', () => {
    const site = mkdtempSync(path.join(tmpdir(), 'lemma-site-'));
    mkdirSync(path.join(site, 'posts/fit'), { recursive: true });
    writeFileSync(path.join(site, 'posts/fit/index.html'), '');
    expect(changedPosts(['posts/fit.ipynb', 'posts/fit.py'], { projectPrefix: '', siteDir: site, siteUrl: 'https://o.github.io/r/' })).toEqual([
      { file: 'posts/fit.ipynb', published: true, url: 'https://o.github.io/r/posts/fit/' },
    ]);
    rmSync(site, { recursive: true });
  });
});
