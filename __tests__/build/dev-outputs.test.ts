import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DevOutputs } from '../../src/build/dev-outputs.js';

/** An output folder, and pages written into it as Eleventy reports them. */
function setUp() {
  const out = mkdtempSync(path.join(tmpdir(), 'lemma-dev-out-'));
  const said = new PassThrough();
  let text = '';
  said.on('data', (d) => (text += d));
  const write = (inputPath: string, page: string) => {
    const outputPath = path.join(out, page);
    mkdirSync(path.dirname(outputPath), { recursive: true });
    writeFileSync(outputPath, page);
    return { inputPath, outputPath, url: `/${page}` };
  };
  return { out, outputs: new DevOutputs(said), write, said: () => text };
}

describe("the dev server's pages", () => {
  test('a post given another permalink loses its old page; its folder goes when empty', () => {
    const { out, outputs, write, said } = setUp();
    outputs.built([write('./posts/a.md', 'posts/a/index.html'), write('./posts/b.md', 'posts/b/index.html')], out);
    expect(outputs.built([write('./posts/a.md', 'notes/a/index.html')], out)).toEqual(['posts/a/index.html']);
    expect(existsSync(path.join(out, 'posts/a'))).toBe(false);
    expect(existsSync(path.join(out, 'posts/b/index.html'))).toBe(true);
    expect(said()).toBe('Removed posts/a/index.html: no page is built there any more.\n');
  });

  test('a page another post now writes is left to it', () => {
    const { out, outputs, write } = setUp();
    outputs.built([write('./posts/a.md', 'posts/a/index.html')], out);
    // b takes a's URL as a moves: one rebuild, both rebuilt.
    expect(outputs.built([write('./posts/a.md', 'posts/a2/index.html'), write('./posts/b.md', 'posts/a/index.html')], out)).toEqual([]);
    expect(existsSync(path.join(out, 'posts/a/index.html'))).toBe(true);
  });

  test('a deleted input takes its pages; one still on disk, or unknown, takes nothing', () => {
    const { out, outputs, write } = setUp();
    const input = path.join(out, 'a.md');
    writeFileSync(input, 'source');
    outputs.built([write(input, 'a/index.html'), write(input, 'a/page/2/index.html')], out);
    expect(outputs.changed([input, path.join(out, 'never-built.md')])).toEqual([]);
    expect(existsSync(path.join(out, 'a/index.html'))).toBe(true);
    expect(outputs.changed([])).toEqual([]);
    // Deleted now.
    rmSync(input);
    expect(outputs.changed([input]).sort()).toEqual(['a/index.html', 'a/page/2/index.html']);
    expect(existsSync(path.join(out, 'a'))).toBe(false);
  });
});
