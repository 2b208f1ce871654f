import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeProject, post, runCli } from '../helpers/project.js';

describe('lemma build', () => {
  test('a post with a broken equation fails the build, naming file and line', async () => {
    const good = post({ title: 'Good', date: '2026-01-01' }, 'Fine $x$.\n');
    const bad = post({ title: 'Broken', date: '2026-01-02', tags: '[x]' }, ['Intro.', '', 'Then $\\frac{1}{2$ oops.', ''].join('\n'));
    const dir = makeProject({ 'good.md': good, 'broken.md': bad });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    // Front matter is 5 lines; the equation is on line 8 of the file.
    expect(result.stderr).toMatch(/^posts\/broken\.md:8: error: KaTeX parse error/m);
    expect(result.stderr).toContain('1 error(s)');
    // The good post is still built, and the bad page shows a visible marker.
    expect(existsSync(path.join(dir, '_site/posts/good/index.html'))).toBe(true);
    expect(readFileSync(path.join(dir, '_site/posts/broken/index.html'), 'utf8')).toContain('class="katex-error"');
  });

  test('a clean project builds with exit code 0', async () => {
    const dir = makeProject({ 'ok.md': post({ title: 'Ok', date: '2026-01-01' }, '$$\n\\int_0^1 x\\,dx\n$$\n') });
    const result = await runCli(['build'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Built _site\//);
  });
});
