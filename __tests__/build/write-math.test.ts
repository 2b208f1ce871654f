import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MathTable } from '../../src/markdown/math-table.js';
import { writeMathIntoPages } from '../../src/build/write-math.js';
import { searchableHtml } from '../../src/site/search-index.js';
import { render } from '../helpers/render.js';

describe('writeMathIntoPages: pages get their equations when written', () => {
  const equation = render('$x^2$').html.trim().replace(/^<p>|<\/p>$/g, '');

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

  test('rewrites exactly the pages that hold placeholders, with the equation HTML in place', () => {
    const { table, pages } = site();
    const result = writeMathIntoPages(pages, table);
    expect(result.pages).toBe(1);
    expect(readFileSync(pages[0].outputPath, 'utf8')).toBe(`<main>${equation} and ${equation}</main>`);
    expect(readFileSync(pages[1].outputPath, 'utf8')).toBe('<main>No math.</main>');
    expect(result.search).toEqual([]);
  });

  test('hands every HTML page to the search index, each distinct equation reduced once', () => {
    const { table, pages } = site();
    let calls = 0;
    const result = writeMathIntoPages(pages, table, {
      searchEquation: (html) => {
        calls++;
        return searchableHtml(html);
      },
    });
    expect(result.search.map((p) => p.url)).toEqual(['/posts/a/', '/about/']);
    // Pages are made when the index takes them, not before.
    expect(calls).toBe(0);
    const searched = result.search[0].html();
    result.search[0].html();
    expect(calls).toBe(1);
    expect(searched).not.toContain('katex-html');
    expect(searched).toContain('<span class="katex-mathml">');
    // The page on disk is the complete one, whatever the index was given.
    expect(readFileSync(pages[0].outputPath, 'utf8')).toContain('katex-html');
  });
});
