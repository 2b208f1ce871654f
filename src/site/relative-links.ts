import path from 'node:path';
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { displayPath } from '../markdown/source-lines.js';
import { sourceVersion } from '../markdown/code-version.js';
import type { LemmaEnv } from '../markdown/index.js';
import { POSTS_DIR, type PostUrls } from './post-index.js';

/** This module's code, for caches of documents it rewrote (see src/markdown/document-cache.ts). */
const RELATIVE_LINKS_VERSION = sourceVersion(import.meta.url);

/** What a document's links depend on besides its source: this code and every post's URL. */
export function relativeLinksContext(urls: PostUrls): string {
  return `${RELATIVE_LINKS_VERSION}\n${urls.fingerprint()}`;
}

/** `https:`, `mailto:`, `//cdn`, `/root`, `#frag`, `?q`: already where the author means. */
const NOT_RELATIVE = /^([a-z][a-z0-9+.-]*:|\/|#|\?)/i;

/**
 * Resolve a relative link or image written in a post the way GitHub previews it
 * (relative to the Markdown file) into a site URL: `other-post.md#x` (or a notebook
 * post, `analysis.ipynb`) → that post's URL,
 * `diagram.png` beside `posts/a.md` → `/posts/diagram.png`. Anything else is left alone
 * for the link checker to judge. Returns undefined when nothing changes.
 */
export function resolvePostLink(href: string, sourceFile: string, urls: PostUrls): string | undefined {
  if (!href || NOT_RELATIVE.test(href)) return undefined;
  const cut = href.search(/[?#]/);
  const pathPart = cut < 0 ? href : href.slice(0, cut);
  const suffix = cut < 0 ? '' : href.slice(cut);
  if (!pathPart) return undefined;
  let target: string;
  try {
    target = path.posix.normalize(path.posix.join(path.posix.dirname(sourceFile), decodeURI(pathPart)));
  } catch {
    return undefined;
  }
  if (/\.(md|ipynb)$/.test(target)) {
    const url = urls.get(target);
    return url ? url + suffix : undefined;
  }
  // Files beside posts are copied to the same place in the site (see eleventy.config.ts).
  if (target.startsWith(`${POSTS_DIR}/`)) return encodeURI(`/${target}`) + suffix;
  return undefined;
}

function rewrite(tokens: Token[], sourceFile: string, urls: PostUrls): void {
  for (const token of tokens) {
    const attr = token.type === 'link_open' ? 'href' : token.type === 'image' ? 'src' : undefined;
    if (attr) {
      const resolved = resolvePostLink(token.attrGet(attr) ?? '', sourceFile, urls);
      if (resolved) token.attrSet(attr, resolved);
    }
    if (token.children) rewrite(token.children, sourceFile, urls);
  }
}

/** markdown-it plugin: one core rule applying resolvePostLink to every link and image. */
export function relativeLinksPlugin(md: MarkdownIt, urls: PostUrls): void {
  md.core.ruler.push('lemma_relative_links', (state) => {
    const env = state.env as LemmaEnv;
    const inputPath = env.page?.inputPath ?? env.inputPath;
    if (!inputPath) return;
    rewrite(state.tokens, displayPath(inputPath), urls);
  });
}
