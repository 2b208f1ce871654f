import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/project.js';
import { cell, makeNotebookProject, notebookJson } from './notebook-fixture.js';

const FRONT = 'title: Broken\ndate: 2026-01-05';

/** The .ipynb line (1-based) holding `text`. */
function lineOf(json: string, text: string): number {
  const at = json.indexOf(text);
  if (at < 0) throw new Error(`${text} not in the notebook`);
  return json.slice(0, at).split('\n').length;
}

describe('a broken notebook is reported with its file, cell and line, and nothing is built', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function buildWith(name: string, notebook: string) {
    const dir = makeNotebookProject({ [name]: notebook });
    dirs.push(dir);
    const out = path.join(dir, 'out');
    const result = await runCli(['build', '--output', out], dir, { LEMMA_BUILD_DATE: '2026-06-01' });
    return { ...result, out };
  }

  test('bad JSON: the line of the syntax error and the cell it is in', async () => {
    const good = notebookJson([cell.frontMatter(FRONT), cell.markdown('Fine.'), cell.code('x = 1\ny = 2')]);
    // A hand edit lost the comma between two lines of the third cell's source.
    const broken = good.replace('"x = 1\\n",', '"x = 1\\n"');
    expect(broken).not.toBe(good);
    const result = await buildWith('bad-json.ipynb', broken);
    expect(result.code).not.toBe(0);
    const line = lineOf(broken, '"y = 2"');
    expect(result.stderr).toContain(`posts/bad-json.ipynb:${line}: error: cell 3: notebook is not valid JSON`);
    expect(result.stderr).toMatch(/open it in Jupyter and save it again/);
    expect(existsSync(result.out)).toBe(false);
  });

  test('bad front matter: the field, the cell and the line in it', async () => {
    const notebook = notebookJson([cell.frontMatter('title: Broken\ndate: next tuesday\ntags: [a, b]'), cell.markdown('Body.')]);
    const result = await buildWith('bad-front-matter.ipynb', notebook);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `posts/bad-front-matter.ipynb:${lineOf(notebook, '"date: next tuesday')}: error: cell 1, line 3: front matter "date": "next tuesday" is not a date.`,
    );
    expect(existsSync(result.out)).toBe(false);
  });

  test('no front matter cell, and no post embeds it: what to add', async () => {
    const result = await buildWith('no-front-matter.ipynb', notebookJson([cell.markdown('# Just a notebook')]));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/posts\/no-front-matter\.ipynb:\d+: error: cell 1: no front matter\. Make the first cell a raw cell/);
    expect(existsSync(result.out)).toBe(false);
  });

  test('bad math in a cell: the TeX, the cell and its line', async () => {
    const notebook = notebookJson([
      cell.frontMatter(FRONT),
      cell.markdown('# Intro\n\nFine: $x^2$.'),
      cell.code('print(1)', [cell.stdout('1\n')]),
      cell.markdown('Some prose.\n\nBroken: $\\frac{1}{$ here.'),
    ]);
    const result = await buildWith('bad-math.ipynb', notebook);
    expect(result.code).not.toBe(0);
    const line = lineOf(notebook, 'Broken: $');
    expect(result.stderr).toMatch(new RegExp(`posts/bad-math\\.ipynb:${line}: error: cell 4, line 3: .*\\n\\s+\\\\frac\\{1\\}`));
  });

  test('bad cell options: the option, the cell and the line', async () => {
    const notebook = notebookJson([cell.frontMatter(FRONT), cell.code('#| echo: maybe\nx = 1')]);
    const result = await buildWith('bad-option.ipynb', notebook);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`posts/bad-option.ipynb:${lineOf(notebook, '"#| echo: maybe')}: error: cell 2, line 1: cell option "echo" must be true or false.`);
  });

  test('an embed of a missing notebook or a bad slice: the post and the line', async () => {
    const dir = makeNotebookProject({
      'embeds.md': '---\ntitle: Embeds\ndate: 2026-01-01\n---\nText.\n\n::: notebook missing.ipynb\n\n::: notebook least-squares.ipynb cells=a:b\n',
    });
    dirs.push(dir);
    const result = await runCli(['build', '--output', path.join(dir, 'out')], dir, { LEMMA_BUILD_DATE: '2026-06-01' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('posts/embeds.md:7: error: notebook posts/missing.ipynb not found.');
    expect(result.stderr).toContain('posts/embeds.md:9: error: cells=a:b is not a Python index or slice');
  });
});
