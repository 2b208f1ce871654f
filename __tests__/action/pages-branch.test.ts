import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deployToPagesBranch, type PagesTarget } from '../../src/action/pages-branch.js';
import { branchFile, branchFiles, git, makeBareRemote, pushFiles } from './run-action.js';

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lemma-built-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const target = (remoteUrl: string, message: string): PagesTarget => ({ remoteUrl, branch: 'gh-pages', gitConfig: {}, tempDir: tmpdir(), message, attempts: 2 });

describe('deployToPagesBranch against real git', () => {
  test('the first deploy creates the branch with .nojekyll and the CNAME input', async () => {
    const remote = makeBareRemote();
    const result = await deployToPagesBranch({ kind: 'root', siteDir: site({ 'index.html': 'home' }), cname: 'blog.example.com' }, target(remote, 'Deploy one'));
    expect(result.commit).toBe(git(remote, 'rev-parse', 'gh-pages').trim());
    expect(branchFiles(remote).sort()).toEqual(['.nojekyll', 'CNAME', 'index.html']);
    expect(branchFile(remote, 'CNAME')).toBe('blog.example.com\n');
  });

  test('a root deploy never takes over pr-preview/, even when the built site has such a folder', async () => {
    const remote = makeBareRemote();
    pushFiles(remote, 'gh-pages', { 'pr-preview/pr-1/index.html': 'one' }, 'preview');
    await deployToPagesBranch({ kind: 'root', siteDir: site({ 'index.html': 'home', 'pr-preview/pr-1/index.html': 'impostor' }), cname: '' }, target(remote, 'Deploy'));
    expect(branchFile(remote, 'pr-preview/pr-1/index.html')).toBe('one');
  });

  test('an unchanged site makes no commit', async () => {
    const remote = makeBareRemote();
    const built = site({ 'index.html': 'home' });
    await deployToPagesBranch({ kind: 'root', siteDir: built, cname: '' }, target(remote, 'first'));
    const again = await deployToPagesBranch({ kind: 'root', siteDir: built, cname: '' }, target(remote, 'second'));
    expect(again.commit).toBeUndefined();
    expect(git(remote, 'log', '--format=%s', 'gh-pages').trim()).toBe('first');
  });

  test('removing a preview from a repository without a Pages branch creates nothing', async () => {
    const remote = makeBareRemote();
    const result = await deployToPagesBranch({ kind: 'remove-preview', pr: 5 }, target(remote, 'Remove'));
    expect(result.commit).toBeUndefined();
    expect(git(remote, 'branch', '--list').trim()).toBe('');
  });

  test('a push refused for another reason than a race fails at once with git’s message', async () => {
    const remote = makeBareRemote();
    writeFileSync(path.join(remote, 'hooks/pre-receive'), '#!/bin/sh\necho "protected branch: deploys need review" >&2\nexit 1\n', { mode: 0o755 });
    await expect(deployToPagesBranch({ kind: 'root', siteDir: site({ 'index.html': 'home' }), cname: '' }, target(remote, 'Deploy'))).rejects.toThrow(
      /Pushing to gh-pages failed: [\s\S]*protected branch: deploys need review/,
    );
  });

  test('when rival deploys keep landing first, it gives up after the allowed attempts, saying so', async () => {
    const remote = makeBareRemote();
    pushFiles(remote, 'gh-pages', { 'index.html': 'live' }, 'live');
    // A pre-push hook that lands a rival commit before every push of ours.
    const hooks = mkdtempSync(path.join(tmpdir(), 'lemma-hooks-'));
    writeFileSync(
      path.join(hooks, 'pre-push'),
      [
        '#!/bin/sh',
        '[ -n "$RIVAL" ] && exit 0',
        'unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE',
        `rival=$(mktemp -d) && git clone --quiet --branch gh-pages "${remote}" "$rival" && cd "$rival"`,
        'date +%s%N > "rival-$(date +%s%N).txt" && git add --all',
        'git -c user.name=Rival -c user.email=rival@example.com commit --quiet -m rival && RIVAL=1 git push --quiet origin gh-pages',
      ].join('\n'),
      { mode: 0o755 },
    );
    const saved = { ...process.env };
    Object.assign(process.env, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.hooksPath', GIT_CONFIG_VALUE_0: hooks });
    try {
      await expect(deployToPagesBranch({ kind: 'root', siteDir: site({ 'index.html': 'new' }), cname: '' }, target(remote, 'Deploy'))).rejects.toThrow(
        /Could not push to gh-pages after 2 attempts: other deploys kept landing first/,
      );
    } finally {
      process.env = saved;
    }
    expect(branchFile(remote, 'index.html')).toBe('live');
    expect(branchFiles(remote).filter((f) => f.startsWith('rival-'))).toHaveLength(2);
  });
});
