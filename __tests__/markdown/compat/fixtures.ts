import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import { parse as parseYaml } from 'yaml';
import { createMarkdown, type LemmaMarkdown } from '../../../src/markdown/index.js';
import { frontMatterLineCount } from '../../../src/markdown/source-lines.js';
import { REPO } from '../../helpers/project.js';

/** Posts written the way MathJax blogs (Jekyll/Kramdown, Hugo) write them. */
export const FIXTURES = path.join(REPO, '__tests__/fixtures/mathjax');

export function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** 1-based line of the `nth` line of `text` that contains `marker`. */
export function lineOf(text: string, marker: string, nth = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i].includes(marker) && ++seen === nth) return i + 1;
  throw new Error(`marker not found: ${marker}`);
}

/**
 * Render a fixture as Eleventy would: the front matter is data (its `math` passed
 * in the env), the body goes through the pipeline, lines count from the file's top.
 */
export function renderFixture(name: string, options: { lemma?: LemmaMarkdown; numbering?: boolean; macros?: Record<string, string> } = {}) {
  const file = path.join(FIXTURES, name);
  const text = readFileSync(file, 'utf8');
  const offset = frontMatterLineCount(text);
  const lines = text.split('\n');
  const data = (parseYaml(lines.slice(1, offset - 1).join('\n')) ?? {}) as { math?: Record<string, unknown> };
  const lemma = options.lemma ?? createMarkdown({ macros: options.macros ?? {}, numbering: options.numbering });
  const result = lemma.render(lines.slice(offset).join('\n'), { inputPath: file, lineOffset: offset, math: data.math });
  return { ...result, $: load(result.html), text, file: path.relative(REPO, file) };
}

/** The equation numbers each display equation shows, in page order: `['(1)', '(2)(3)']`. */
export function shownTags($: CheerioAPI): string[] {
  return $('.katex-html .katex-tag')
    .map((_, el) => $(el).text().replace(/\u200b/g, ''))
    .get();
}

/** Every link to an equation on the page: where it points and what it shows. */
export function equationLinks($: CheerioAPI): { href: string; text: string }[] {
  return $('a[href^="#eq:"]')
    .map((_, el) => ({ href: $(el).attr('href')!, text: $(el).text().trim() }))
    .get();
}
