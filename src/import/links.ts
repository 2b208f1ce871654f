import { outsideFences, type PostContext } from './context.js';

/**
 * Links and images of a post that point into the old site: to another post (by its old
 * URL or source file) they become a link to the Lemma post file, which Lemma turns into
 * the post's URL; to an image or file, it is copied beside the post and linked there.
 * Markdown links and images, and `src`/`href` in raw HTML; never inside code.
 */

const MARKDOWN_TARGET = /(\]\(\s*<?)([^)\s>]+)(>?(?:\s+"[^"]*")?\s*\))/g;
const HTML_TARGET = /(\s(?:src|href)=)(["'])([^"']+)\2/gi;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;
const NOT_OURS = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/** The new target of `target`, or undefined to leave it. `html`: written in raw HTML. */
function rewrite(target: string, ctx: PostContext, html: boolean): string | undefined {
  if (NOT_OURS.test(target)) return undefined;
  const hash = target.indexOf('#');
  const [pathPart, fragment] = hash < 0 ? [target, ''] : [target.slice(0, hash), target.slice(hash)];
  const post = ctx.postFor(pathPart);
  // A raw-HTML link is not rewritten by Lemma's Markdown rule: give it the post's URL shape.
  if (post) return html ? `/posts/${post.replace(/\.md$/, '/')}${fragment}` : `${post}${fragment}`;
  const asset = ctx.assetFor(pathPart);
  if (asset) return html ? `/posts/${asset}${fragment}` : `${asset}${fragment}`;
  return undefined;
}

export function rewriteLinks(body: string, ctx: PostContext): string {
  return outsideFences(body, (stretch) => {
    const codes: string[] = [];
    const text = stretch.replace(INLINE_CODE, (code) => {
      codes.push(code);
      return `\u0000code${codes.length - 1}\u0000`;
    });
    const rewritten = text
      .replace(MARKDOWN_TARGET, (match, before: string, target: string, after: string) => {
        const to = rewrite(target, ctx, false);
        return to === undefined ? match : `${before}${to}${after}`;
      })
      .replace(HTML_TARGET, (match, attribute: string, quote: string, target: string) => {
        const to = rewrite(target, ctx, true);
        return to === undefined ? match : `${attribute}${quote}${to}${quote}`;
      });
    return rewritten.replace(/\u0000code(\d+)\u0000/g, (_m, i: string) => codes[Number(i)]);
  });
}
