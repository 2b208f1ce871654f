import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeProject, runCli } from '../helpers/project.js';
import { validateFrontMatter } from '../../src/site/front-matter.js';

describe('lemma new', () => {
  test('creates posts/<slug>.md with valid front matter, then refuses to overwrite it', async () => {
    const dir = makeProject({});
    const title = 'Kernels: a #1 "primer"';
    const created = await runCli(['new', title, '--date', '2026-12-24'], dir);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const file = path.join(dir, 'posts/kernels-a-1-primer.md');
    const text = readFileSync(file, 'utf8');
    const { data, problems } = validateFrontMatter('posts/kernels-a-1-primer.md', text);
    expect(problems).toEqual([]);
    expect(data).toMatchObject({ title, tags: [], draft: false });
    expect(data!.date.toISOString()).toBe('2026-12-24T00:00:00.000Z');

    writeFileSync(file, `${text}\nMy words.\n`);
    const again = await runCli(['new', title], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('posts/kernels-a-1-primer.md already exists');
    expect(readFileSync(file, 'utf8')).toContain('My words.');

    // The new post builds as it is, from its day on.
    const build = await runCli(['build', '--date', '2026-12-24'], dir);
    expect(build.code).toBe(0);
    expect(readFileSync(path.join(dir, '_site/posts/kernels-a-1-primer/index.html'), 'utf8')).toContain('primer');
  });

  test('--draft marks the post as a draft; no title is a usage error', async () => {
    const dir = makeProject({});
    expect((await runCli(['new', 'Work', 'in', 'progress', '--draft'], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'posts/work-in-progress.md'), 'utf8')).toMatch(/^draft: true$/m);
    const bare = await runCli(['new'], dir);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('npm run new -- "My post title"');
  });
});
