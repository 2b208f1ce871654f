import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeProject, post, runCli } from '../helpers/project.js';

/**
 * A build stopped by front matter writes nothing, so the output folder still holds the
 * previous build. `lemma check` must say so and report the front matter problems, with
 * file and line, in every format (the Action checks before it deploys), and exit 1.
 */
describe('lemma check after a failed build', () => {
  const dir = makeProject({
    'a.md': post({ title: 'A', date: '2025-01-01' }, 'Hello, see [b](b.md).\n'),
    'b.md': post({ title: 'B', date: '2025-01-02' }, 'Hi.\n'),
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ENV = { LEMMA_BUILD_DATE: '2026-01-01' };

  beforeAll(async () => {
    expect((await runCli(['build'], dir, ENV)).code).toBe(0);
    expect((await runCli(['check'], dir, ENV)).code).toBe(0);
    // The earlier site stays behind; the YAML error is reported where the parser stops (line 3).
    writeFileSync(path.join(dir, 'posts/a.md'), post({ title: 'A', date: '2025-13-01' }, 'Hello.\n'));
    writeFileSync(path.join(dir, 'posts/b.md'), post({ title: '[B', date: '2025-01-02' }, 'Hi.\n'));
    const failed = await runCli(['build'], dir, ENV);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Nothing was written');
  });

  const expected = [
    { severity: 'error', kind: 'front-matter', file: 'posts/a.md', line: 3, message: expect.stringContaining('"2025-13-01" is not a date') },
    { severity: 'error', kind: 'front-matter', file: 'posts/b.md', line: 3, message: expect.stringContaining('not valid YAML') },
  ];

  test('--json lists the front matter problems as errors with file and line, and exits 1', async () => {
    const checked = await runCli(['check', '--json'], dir, ENV);
    expect(checked.code).toBe(1);
    const report = JSON.parse(checked.stdout);
    expect(report.problems).toEqual(expected);
    expect(report.errors).toBe(2);
    expect(report.pagesChecked).toBe(0);
    expect(report.notes.join('\n')).toMatch(/last build .* stopped before writing anything: _site\/ holds an earlier build and was not checked/);
  });

  test('the text report names file and line and says the site was not checked', async () => {
    const checked = await runCli(['check'], dir, ENV);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/posts\/a\.md:3 +error +front-matter/);
    expect(checked.stdout).toMatch(/posts\/b\.md:3 +error +front-matter/);
    expect(checked.stdout).toContain('was not checked');
    expect(checked.stdout).not.toMatch(/Broken|Missing/);
  });

  test('--github annotates each front matter line', async () => {
    const checked = await runCli(['check', '--github'], dir, ENV);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/^::error file=posts\/a\.md,line=3,title=Lemma%3A front-matter::/m);
    expect(checked.stderr).toMatch(/^::error file=posts\/b\.md,line=3,title=Lemma%3A front-matter::/m);
  });

  test('once the posts are fixed and built, the site is checked again', async () => {
    writeFileSync(path.join(dir, 'posts/a.md'), post({ title: 'A', date: '2025-01-01' }, 'Hello.\n'));
    writeFileSync(path.join(dir, 'posts/b.md'), post({ title: 'B', date: '2025-01-02' }, 'Hi.\n'));
    expect((await runCli(['build'], dir, ENV)).code).toBe(0);
    const checked = await runCli(['check', '--json'], dir, ENV);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout).pagesChecked).toBeGreaterThan(0);
  });
});
