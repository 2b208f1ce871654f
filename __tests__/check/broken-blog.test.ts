import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, type CliResult } from '../helpers/project.js';
import type { CheckReport } from '../../src/check/index.js';
import { fixtureProject } from './fixture.js';

/** Every fault planted in __tests__/fixtures/check/broken, where the author must fix it. */
const PLANTED = [
  'math posts/broken-math.md:7', // $\frac{1}{2$
  'math posts/broken-math.md:12', // \foo is not defined
  'unrendered-math posts/unrendered.md:9', // an unclosed \begin{align} in a raw HTML block, shown as text
  'link posts/broken-links.md:7', // /posts/no-such-post/
  'fragment posts/broken-links.md:9', // /posts/target/#no-such-section
  'asset posts/broken-links.md:11', // missing-plot.png
  'link site/_includes/layouts/note.njk:5', // /colophon/ in a layout two posts use
];

describe('lemma check on a blog with planted faults', () => {
  let dir: string;
  let build: CliResult;
  let json: CliResult;
  let text: CliResult;
  let report: CheckReport;
  let summaryFile: string;

  beforeAll(async () => {
    dir = fixtureProject('broken');
    build = await runCli(['build'], dir);
    summaryFile = path.join(mkdtempSync(path.join(tmpdir(), 'lemma-summary-')), 'summary.md');
    writeFileSync(summaryFile, '');
    [json, text] = await Promise.all([runCli(['check', '--json'], dir), runCli(['check', '--github'], dir, { GITHUB_STEP_SUMMARY: summaryFile })]);
    report = JSON.parse(json.stdout) as CheckReport;
  });

  test('the build itself fails on the two equations, and still writes the site', () => {
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('posts/broken-math.md:7');
  });

  test('each planted fault is reported exactly once, at its source file and line, and nothing else', () => {
    // Whether the build or the page scan notices the unrendered environment first, it is one problem.
    const found = report.problems.map((p) => `${p.kind === 'math' && p.file === 'posts/unrendered.md' ? 'unrendered-math' : p.kind} ${p.file}:${p.line}`);
    expect(found.sort()).toEqual([...PLANTED].sort());
    expect(report.problems.every((p) => p.severity === 'error')).toBe(true);
    expect(report.errors).toBe(PLANTED.length);
    expect(report.warnings).toBe(0);
    expect(json.code).toBe(1);
  });

  test('problems say what is wrong: the URL, the TeX, the page', () => {
    const byKey = new Map(report.problems.map((p) => [`${p.kind} ${p.file}:${p.line}`, p]));
    expect(byKey.get('math posts/broken-math.md:12')?.message).toMatch(/Undefined control sequence.*\\foo/);
    expect(byKey.get('math posts/broken-math.md:7')?.source).toContain('\\frac{1}{2');
    expect(byKey.get('link posts/broken-links.md:7')).toMatchObject({ url: '/posts/no-such-post/', page: '/posts/broken-links/' });
    expect(byKey.get('fragment posts/broken-links.md:9')?.message).toContain('"no-such-section"');
    // The author wrote a relative file name; the build made it /posts/missing-plot.png.
    expect(byKey.get('asset posts/broken-links.md:11')?.url).toBe('/posts/missing-plot.png');
    expect(report.problems.find((p) => p.file === 'posts/unrendered.md')?.message).toContain('\\begin{align}');
    // The layout's broken link shows on both notes but is one line to fix.
    expect(byKey.get('link site/_includes/layouts/note.njk:5')).toMatchObject({ url: '/colophon/', pageCount: 2 });
  });

  test('the terminal report groups problems by file with counts, and exits 1', () => {
    expect(text.code).toBe(1);
    const lines = text.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('posts/broken-links.md'));
    expect(lines[header]).toBe('posts/broken-links.md (3 errors, 0 warnings)');
    expect(lines.slice(header + 1, header + 4).map((l) => l.trim().split(/\s+/)[0])).toEqual([
      'posts/broken-links.md:7',
      'posts/broken-links.md:9',
      'posts/broken-links.md:11',
    ]);
    expect(lines).toContain('site/_includes/layouts/note.njk (1 error, 0 warnings)');
    expect(text.stdout).toMatch(/7 problems \(7 errors, 0 warnings\) in 4 files/);
  });

  test('--github annotates each source line and writes a job summary table', () => {
    const annotations = text.stderr.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(PLANTED.length);
    expect(annotations.some((a) => a.startsWith('::error file=posts/broken-links.md,line=7,title=Broken link::Broken link: /posts/no-such-post/'))).toBe(true);
    expect(annotations.some((a) => a.startsWith('::error file=site/_includes/layouts/note.njk,line=5,'))).toBe(true);
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).toMatch(/^### ❌ Lemma check: 7 errors, 0 warnings/);
    expect(summary.split('\n').filter((l) => l.startsWith('| ❌ |'))).toHaveLength(PLANTED.length);
  });
});
