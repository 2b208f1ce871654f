import { load } from 'cheerio';
import { createMarkdown, type LemmaEnv } from '../../src/markdown/index.js';

/** Render with a fresh pipeline and return the HTML, a cheerio root and the document state. */
export function render(src: string, env: LemmaEnv = {}, macros: Record<string, string> = {}) {
  const lemma = createMarkdown({ macros });
  const result = lemma.render(src, env);
  return { ...result, $: load(result.html) };
}

/** The TeX source of every KaTeX equation in the HTML, from its MathML annotation. */
export function texAnnotations(html: string): string[] {
  const $ = load(html);
  return $('annotation[encoding="application/x-tex"]')
    .map((_, el) => $(el).text().trim())
    .get();
}
