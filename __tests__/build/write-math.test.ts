import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MathTable } from '../../src/markdown/math-table.js';
import { pagesForSearch, writeMathIntoPages } from '../../src/build/write-math.js';
import { searchableHtml } from '../../src/site/search-index.js';
import { render } from '../helpers/render.js';

const equationHtml = (tex: string) => render(tex).html.trim().replace(/^<p>|<\/p>$/g, '');
const equation = equationHtml('$x^2$');

describe('writeMathIntoPages: pages get their equations when written', () => {

  function site() {
    const dir = mkdtempSync(path.join(tmpdir(), 'lemma-write-math-'));
    const table = new MathTable();
    const eq = table.placeholder(equation);
    const pages = [
      { inputPath: './posts/a.md', url: '/posts/a/', file: 'a.html', content: `<main>${eq} and ${eq}</main>` },
      { inputPath: './about.md', url: '/about/', file: 'about.html', content: '<main>No math.</main>' },
      { inputPath: './feed.njk', url: '/feed.xml', file: 'feed.xml', content: '<feed/>' },
    ].map((p) => {
      const outputPath = path.join(dir, p.file);
      writeFileSync(outputPath, p.content);
      return { ...p, outputPath };
    });
    return { table, pages };
  }

  test('rewrites exactly the pages that hold placeholders, with the equation HTML in place', async () => {
    const { table, pages } = site();
    expect(await writeMathIntoPages(pages, table)).toBe(1);
    expect(readFileSync(pages[0].outputPath, 'utf8')).toBe(`<main>${equation} and ${equation}</main>`);
    expect(readFileSync(pages[1].outputPath, 'utf8')).toBe('<main>No math.</main>');
  });
});

describe('pagesForSearch: pages as the search index reads them', () => {
  test('each placeholder becomes the reduced equation, each distinct equation reduced once', () => {
    const table = new MathTable();
    const other = equationHtml('$y_1$');
    const page = `<main>${table.placeholder(equation)} and ${table.placeholder(equation)}, ${table.placeholder(other)}</main>`;
    const reducedCalls: string[] = [];
    const forSearch = pagesForSearch(table, (html) => {
      reducedCalls.push(html);
      return searchableHtml(html);
    });
    const searched = forSearch(page);
    expect(forSearch(page)).toBe(searched);
    expect(reducedCalls).toEqual([equation, other]);
    expect(searched).toBe(`<main>${searchableHtml(equation)} and ${searchableHtml(equation)}, ${searchableHtml(other)}</main>`);
    expect(searched).not.toContain('katex-html');
    expect(searched).toContain('<span class="katex-mathml">');
    expect(forSearch('<main>No math.</main>')).toBe('<main>No math.</main>');
  });
});
