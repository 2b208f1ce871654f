import type MarkdownIt from 'markdown-it';
import anchor from 'markdown-it-anchor';
import { slug as githubSlug } from 'github-slugger';
import type Token from 'markdown-it/lib/token.mjs';
import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import { documentState, type Heading, type LemmaEnv } from './document.js';

/**
 * GitHub's heading ids (`github-slugger`, which Kramdown's GFM ids also follow), so the
 * links in a post's own table of contents work here as on GitHub: "Euler's identity" →
 * `eulers-identity`, `AlexNet` → `alexnet`, `ε-greedy` → `ε-greedy`. A heading with no
 * letters or digits at all gets `section` rather than an empty id.
 */
export function slugify(text: string): string {
  return githubSlug(text) || 'section';
}

/**
 * The heading's text as GitHub slugs it: its words, code, and the TeX of its math
 * (GitHub and Kramdown take the id from the text holding `$n = 1$`). Duplicates are
 * numbered `-1`, `-2`, … by markdown-it-anchor, as github-slugger numbers them.
 */
function headingText(children: Token[]): string {
  return children
    .filter((t) => t.type === 'text' || t.type === 'code_inline' || t.type === 'math_inline')
    .map((t) => (t.type === 'math_inline' ? (t.meta?.texSource ?? t.content) : t.content))
    .join('');
}

/** Heading levels that go into the table of contents. */
const TOC_LEVELS = new Set([2, 3]);

/**
 * Ids on every heading, a static `#` link after each (with text for screen readers),
 * and the h2–h3 outline recorded in the document state for the table of contents.
 */
export function headingsPlugin(md: MarkdownIt, siteMacros: Record<string, string>): void {
  md.use(anchor, {
    level: [1, 2, 3, 4, 5, 6],
    slugify,
    getTokensText: headingText,
    tabIndex: false,
    permalink: anchor.permalink.linkAfterHeader({
      style: 'visually-hidden',
      class: 'heading-anchor',
      symbol: '#',
      assistiveText: (title: string) => `Link to section “${title}”`,
      visuallyHiddenClass: 'visually-hidden',
      wrapper: ['<div class="heading">', '</div>'],
    }),
  });

  md.core.ruler.push('lemma_headings', (coreState) => {
    const state = documentState(coreState.env as LemmaEnv, siteMacros);
    const tokens = coreState.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.type !== 'heading_open') continue;
      const level = Number(token.tag.slice(1));
      const id = token.attrGet('id');
      if (!id || !TOC_LEVELS.has(level)) continue;
      const text = (tokens[i + 1].children ?? [])
        .filter((t) => t.type === 'text' || t.type === 'code_inline')
        .map((t) => t.content)
        .join('')
        .trim();
      state.headings.push({ level, id, text });
    }
  });
}

/**
 * The table of contents as a `<nav>` of nested lists (h3 under their h2); empty when
 * there are fewer than `min` headings.
 */
export function renderToc(headings: readonly Heading[], min = 3): string {
  if (headings.length < min) return '';
  const top = Math.min(...headings.map((h) => h.level));
  let html = '';
  let open = 0; // open nested <ol> levels below the top
  headings.forEach((h, i) => {
    const depth = h.level > top ? 1 : 0;
    if (i > 0) {
      if (depth > open) html += '<ol>';
      else {
        html += '</li>';
        if (depth < open) html += '</ol></li>';
      }
    }
    open = depth;
    html += `<li><a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a>`;
  });
  html += '</li>' + (open ? '</ol></li>' : '');
  // Navigation, not text: search excerpts leave it out. Folded on narrow screens; the layout's CSS shows it open beside the text on wide ones.
  return `<nav class="toc" aria-labelledby="toc-title" data-pagefind-ignore><details class="toc-box"><summary id="toc-title" class="toc-title">Contents</summary><ol>${html}</ol></details></nav>`;
}
