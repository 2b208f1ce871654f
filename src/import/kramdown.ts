import { lineAt, newlines, note, outsideFences, type PostContext } from './context.js';

/**
 * Kramdown's extensions, which Lemma (like GitHub) does not read: attribute lists
 * (`{: .class}`, `{: #id}`, `{:toc}`, after a paragraph, image or heading) are dropped,
 * with the "table of contents goes here" list before `{:toc}` (Lemma makes its own);
 * `{::options … /}` is dropped; `{::comment}` becomes an HTML comment and
 * `{::nomarkdown}` raw HTML. Lemma's own `{#fig-x}` / `{#eq-x}` labels are not Kramdown's
 * and stay. Lines are kept (a dropped line becomes an empty one).
 */

/** `{:toc}` and the one-item list it replaces (`* TOC`, `* this list will be replaced`). */
const TOC = /^[ \t]*[*-][^\n]*\n[ \t]*\{:\s*toc\s*\}[ \t]*$/gm;
/**
 * An attribute list: `{: .class #id key="value"}`, `{:.center}`, `{:toc}`. Strict, so
 * that TeX such as `\mathrel{:}` or `{:=}` is never taken for one.
 */
const ATTRIBUTE = String.raw`(?:[.#][\w-]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s}]+))`;
const IAL = String.raw`\{:\s*(?:toc|${ATTRIBUTE}(?:\s+${ATTRIBUTE})*)\s*\}`;
/** An attribute list alone on its line (block IAL). */
const BLOCK_IAL = new RegExp(String.raw`^[ \t]*${IAL}[ \t]*$`, 'gm');
/** An attribute list right after a span (`![x](y){: width="50%"}`, `## Title {: #id}`). */
const SPAN_IAL = new RegExp(String.raw`[ \t]?${IAL}`, 'g');
const OPTIONS = /\{::options[^}]*\/\}/g;

export function convertKramdown(body: string, ctx: PostContext): string {
  let dropped = 0;
  let text = body
    .replace(/\{::comment\}([\s\S]*?)\{:\/comment\}/g, (_m, c: string) => `<!--${c.replace(/--/g, '- -')}-->`)
    .replace(/\{::nomarkdown\}([\s\S]*?)\{:\/(?:nomarkdown)?\}/g, (_m, c: string) => c);
  text = outsideFences(text, (stretch) => {
    let out = stretch.replace(TOC, (match) => {
      dropped++;
      return newlines(match);
    });
    out = out.replace(OPTIONS, () => (dropped++, ''));
    out = out.replace(BLOCK_IAL, () => (dropped++, ''));
    return out.replace(SPAN_IAL, () => (dropped++, ''));
  });
  if (dropped) note(ctx, 'converted', -1, `${dropped} Kramdown attribute list(s) and options dropped ({: …}, {:toc}, {::options}); Lemma makes the table of contents itself.`);
  // Kramdown footnote/abbreviation definitions (`*[HTML]: …`) have no Lemma meaning either.
  text.replace(/^\*\[[^\]]+\]:.*$/gm, (match, offset: number) => {
    note(ctx, 'unconverted', lineAt(text, offset), `Kramdown abbreviation "${match.trim()}": no Lemma equivalent; shown as text.`);
    return match;
  });
  return text;
}
