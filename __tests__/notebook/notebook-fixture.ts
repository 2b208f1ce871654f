import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/project.js';

/** The fixture notebook: every output type Lemma publishes and every cell option. */
export const FIXTURE_NOTEBOOK = path.join(REPO, '__tests__/fixtures/notebook/posts/least-squares.ipynb');

type Json = Record<string, unknown>;

/** A notebook as Jupyter saves it (nbformat 4, one-space indent, source as a list of lines). */
export function notebookJson(cells: Json[], language = 'python'): string {
  const nb = { cells, metadata: { kernelspec: { display_name: language, language, name: language }, language_info: { name: language } }, nbformat: 4, nbformat_minor: 5 };
  return `${JSON.stringify(nb, null, 1)}\n`;
}

function lines(text: string): string[] {
  const parts = text.split('\n');
  return [...parts.slice(0, -1).map((p) => `${p}\n`), ...(parts.at(-1) ? [parts.at(-1)!] : [])];
}

export const cell = {
  frontMatter: (yaml: string): Json => ({ cell_type: 'raw', metadata: {}, source: lines(`---\n${yaml}\n---`) }),
  markdown: (text: string): Json => ({ cell_type: 'markdown', metadata: {}, source: lines(text) }),
  code: (text: string, outputs: Json[] = [], metadata: Json = {}): Json => ({ cell_type: 'code', execution_count: null, metadata, outputs, source: lines(text) }),
  stdout: (text: string): Json => ({ output_type: 'stream', name: 'stdout', text: lines(text) }),
};

/** A throwaway project: the engine's site/ templates, the fixture notebook and `posts`. */
export function makeNotebookProject(posts: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lemma-notebook-'));
  cpSync(path.join(REPO, 'site'), path.join(dir, 'site'), { recursive: true });
  mkdirSync(path.join(dir, 'posts'));
  cpSync(FIXTURE_NOTEBOOK, path.join(dir, 'posts/least-squares.ipynb'));
  for (const [name, text] of Object.entries(posts)) {
    mkdirSync(path.dirname(path.join(dir, 'posts', name)), { recursive: true });
    writeFileSync(path.join(dir, 'posts', name), text);
  }
  return dir;
}

/** The fixture's saved image outputs, decoded, by MIME type. */
export function fixtureImages(): Record<string, Buffer> {
  const nb = JSON.parse(readFileSync(FIXTURE_NOTEBOOK, 'utf8')) as { cells: { outputs?: { data?: Record<string, string | string[]> }[] }[] };
  const images: Record<string, Buffer> = {};
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) {
      for (const [mime, value] of Object.entries(o.data ?? {})) {
        const text = Array.isArray(value) ? value.join('') : value;
        if (mime === 'image/svg+xml') images[mime] = Buffer.from(text);
        else if (mime.startsWith('image/')) images[mime] = Buffer.from(text, 'base64');
      }
    }
  }
  return images;
}
