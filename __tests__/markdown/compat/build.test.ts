import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import { makeProject, runCli, type CliResult } from '../../helpers/project.js';
import { equationLinks, fixtureText, lineOf, shownTags } from './fixtures.js';

/** Real `lemma build` runs over projects made of the MathJax fixture posts. */
describe('lemma build with posts ported from MathJax', () => {
  let ported: { dir: string; result: CliResult; check: CliResult };
  let broken: { dir: string; result: CliResult; check: CliResult };

  const page = (dir: string, slug: string): CheerioAPI => load(readFileSync(path.join(dir, '_site/posts', slug, 'index.html'), 'utf8'));

  beforeAll(async () => {
    const portedDir = makeProject(Object.fromEntries(['ported-post.md', 'kramdown-habits.md', 'symbols.md', 'numbering-off.md', 'quarto-post.md'].map((n) => [n, fixtureText(n)])));
    const brokenDir = makeProject(Object.fromEntries(['edge-cases.md', 'unsupported.md'].map((n) => [n, fixtureText(n)])));
    const [a, b] = await Promise.all([runCli(['build'], portedDir), runCli(['build'], brokenDir)]);
    const [checkA, checkB] = await Promise.all([runCli(['check', '--json'], portedDir), runCli(['check', '--json'], brokenDir)]);
    ported = { dir: portedDir, result: a, check: checkA };
    broken = { dir: brokenDir, result: b, check: checkB };
  });

  test('the ported posts build with exit 0 and no diagnostics', () => {
    expect(ported.result.stderr).not.toMatch(/\.md:\d+: (error|warning)/);
    expect(ported.result.code).toBe(0);
  });

  test('the built page shows the numbers in order, and every \\eqref lands on its number', () => {
    const $ = page(ported.dir, 'ported-post');
    expect(shownTags($)).toEqual(['(1)', '(2)(3)', '(4)', '(T)', '(5)(6)', '(7)(8)', '(9)']);
    const links = equationLinks($);
    expect(links.length).toBe(7);
    for (const { href, text } of links) {
      const target = $(`[id="${href.slice(1)}"]`);
      expect({ href, found: target.length }).toEqual({ href, found: 1 });
      expect([text, `(${text})`]).toContain(target.text());
    }
    // Equation ids never collide with heading ids or each other.
    const ids = $('[id]').map((_, el) => $(el).attr('id')).get();
    expect(new Set(ids).size).toBe(ids.length);
    expect($('.katex-error')).toHaveLength(0);
  });

  test('a Quarto post: numbered $$ … $$ {#eq-x} blocks and @eq-x links', () => {
    const $ = page(ported.dir, 'quarto-post');
    expect(shownTags($)).toEqual(['(1)', '(2)']);
    expect($('a.eqref[href="#eq-d1"]').first().text()).toBe('Equation 2');
    expect($('[id="eq-d1"]').text()).toBe('(2)');
  });

  test('front matter math.numbering: false is honoured in a real build', () => {
    const $ = page(ported.dir, 'numbering-off');
    expect(shownTags($)).toEqual(['(∗)']);
  });

  test('the KaTeX stylesheet the pages link is the one of the single KaTeX in the tree', () => {
    const css = readFileSync(path.join(ported.dir, '_site/assets/katex/katex.min.css'), 'utf8');
    const version = JSON.parse(readFileSync(path.resolve('node_modules/katex/package.json'), 'utf8')).version as string;
    expect(css).toContain(version);
  });

  test('broken labels, references and constructs KaTeX lacks fail the build, each with file and line', () => {
    expect(broken.result.code).toBe(1);
    const edge = fixtureText('edge-cases.md');
    const unsupported = fixtureText('unsupported.md');
    const expected = [
      `posts/edge-cases.md:${lineOf(edge, '$\\Prob(A)$')}: error: KaTeX parse error: Undefined control sequence: \\Prob`,
      `posts/edge-cases.md:${lineOf(edge, '\\label{eq:dup}', 2)}: error: \\label{eq:dup} is used twice`,
      `posts/edge-cases.md:${lineOf(edge, '\\eqref{eq:missing}')}: error: \\eqref{eq:missing} refers to no \\label{eq:missing}`,
      `posts/edge-cases.md:${lineOf(edge, '\\eqref{eq:starred}')}: error: \\eqref{eq:starred}: the equation labelled "eq:starred" has no number`,
      `posts/edge-cases.md:${lineOf(edge, '\\label{eq:inline}')}: error: \\label{eq:inline} is in inline math`,
      `posts/edge-cases.md:${lineOf(edge, 'Mid-sentence')}: error: \\begin{align} is inside a paragraph`,
      `posts/unsupported.md:${lineOf(unsupported, '\\cssId')}: error: KaTeX parse error: Undefined control sequence: \\cssId`,
      `posts/unsupported.md:${lineOf(unsupported, '\\dv')}: error: KaTeX parse error: Undefined control sequence: \\dv`,
      `posts/unsupported.md:${lineOf(unsupported, '\\begin{subequations}')}: error: KaTeX parse error: No such environment: subequations`,
      `posts/unsupported.md:${lineOf(unsupported, '\\begin{xalignat}')}: error: KaTeX parse error: No such environment: xalignat`,
    ];
    for (const line of expected) expect(broken.result.stderr).toContain(line);
    expect(broken.result.stderr).toContain('11 error(s), 1 warning(s)');
  });

  test('lemma check passes the ported posts: every #eq: fragment resolves', () => {
    expect(JSON.parse(ported.check.stdout)).toMatchObject({ errors: 0, warnings: 0 });
    expect(ported.check.code).toBe(0);
  });

  test('lemma check reports every math problem of the broken posts with file and line', () => {
    expect(broken.check.code).toBe(1);
    const problems = (JSON.parse(broken.check.stdout) as { problems: { file: string; line: number; kind: string; severity: string; message: string }[] }).problems;
    const math = problems.filter((p) => p.kind === 'math' && p.severity === 'error').map((p) => `${p.file}:${p.line}`);
    const edge = fixtureText('edge-cases.md');
    const unsupported = fixtureText('unsupported.md');
    expect(math).toEqual(expect.arrayContaining([
      `posts/edge-cases.md:${lineOf(edge, '\\label{eq:dup}', 2)}`,
      `posts/edge-cases.md:${lineOf(edge, '\\eqref{eq:missing}')}`,
      `posts/unsupported.md:${lineOf(unsupported, '\\begin{subequations}')}`,
    ]));
    expect(math).toHaveLength(11);
  });
});
