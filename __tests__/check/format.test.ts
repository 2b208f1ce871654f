import { formatText } from '../../src/check/format/text.js';
import { githubAnnotations, jobSummary, workflowCommand } from '../../src/check/format/github.js';
import type { CheckReport, Problem } from '../../src/check/index.js';

function report(problems: Problem[]): CheckReport {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { problems, errors, warnings: problems.length - errors, pagesChecked: 3, linksChecked: 12, externalChecked: 0, notes: [], durationMs: 5 };
}

const math: Problem = { severity: 'error', kind: 'math', file: 'posts/a, b.md', line: 3, message: 'KaTeX parse error: 100% wrong: x', source: '\\frac{1}{2\n+ 1' };
const layout: Problem = { severity: 'error', kind: 'link', file: 'site/_includes/layouts/base.njk', line: 9, message: 'Broken link: /x|y/', url: '/x|y/', page: '/a/', pageCount: 4 };
const external: Problem = { severity: 'warning', kind: 'external', file: 'posts/c.md', line: 1, message: 'External link failed: https://e.example/ — HTTP 404 Not Found.', url: 'https://e.example/', page: '/posts/c/' };

describe('GitHub formatters', () => {
  test('workflow commands escape data and properties as the Actions toolkit does', () => {
    const [annotation] = githubAnnotations(report([math]));
    expect(annotation).toMatchObject({ file: 'posts/a, b.md', line: 3, severity: 'error', title: 'Math error' });
    expect(workflowCommand(annotation)).toBe('::error file=posts/a%2C b.md,line=3,title=Math error::KaTeX parse error: 100%25 wrong: x%0A\\frac{1}{2%0A+ 1');
  });

  test('a template problem says how many pages show it', () => {
    expect(githubAnnotations(report([layout]))[0].message).toBe('Broken link: /x|y/ (on 4 pages, e.g. /a/)');
  });

  test('the job summary has a verdict and one escaped table row per problem, capped', () => {
    const summary = jobSummary(report([math, layout, external]), { maxRows: 2, fileUrl: (f, l) => `https://github.com/o/r/blob/sha/${f}#L${l}` });
    const lines = summary.split('\n');
    expect(lines[0]).toBe('### ❌ Lemma check: 2 errors, 1 warning');
    const rows = lines.filter((l) => /^\| (❌|⚠️) \|/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Broken link: /x\\|y/');
    expect(rows[0]).toContain('[`posts/a, b.md:3`](https://github.com/o/r/blob/sha/posts/a, b.md#L3)');
    expect(summary).toContain('…and 1 more.');
    expect(jobSummary(report([]))).toMatch(/^### ✅ Lemma check: no problems\n\n3 pages, 12 internal links checked\./);
  });
});

describe('terminal report', () => {
  test('warnings alone get a warning mark; colour only when asked', () => {
    const text = formatText(report([external]));
    expect(text).toContain('posts/c.md (0 errors, 1 warning)');
    expect(text).toMatch(/⚠ 1 problem \(0 errors, 1 warning\) in 1 file/);
    expect(text).not.toContain('\x1b[');
    expect(formatText(report([external]), { color: true })).toContain('\x1b[33m');
  });
});
