import { DomUtils, parseDocument } from 'htmlparser2';
import type { AnyNode, Element, Text } from 'domhandler';

/**
 * A post's automatic summary, for a post without `description`: its first paragraph as
 * plain text, each equation as the TeX the author wrote (a meta tag or a feed reader
 * shows no math), footnote marks and heading anchors left out, cut at a word near
 * `maxLength` characters.
 */

/** About what search engines show of a description. */
export const SUMMARY_LENGTH = 200;

const hasClass = (el: Element, name: string) => (el.attribs.class ?? '').split(/\s+/).includes(name);

/** Elements whose text is no part of a summary. */
function skipped(el: Element): boolean {
  return (
    ['script', 'style', 'nav'].includes(el.name) ||
    (el.name === 'sup' && hasClass(el, 'footnote-ref')) ||
    hasClass(el, 'heading-anchor') ||
    hasClass(el, 'visually-hidden')
  );
}

function textOf(nodes: AnyNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += (node as Text).data;
    else if ('name' in node && 'children' in node) {
      if (skipped(node)) continue;
      if (node.name === 'span' && hasClass(node, 'katex')) {
        const tex = DomUtils.findOne((el) => el.name === 'annotation', node.children);
        text += tex ? DomUtils.textContent(tex).trim() : DomUtils.textContent(node);
      } else text += textOf(node.children);
    }
  }
  return text;
}

/** Shorten to about `max` characters at a word boundary, with an ellipsis when cut. */
export function clip(text: string, max = SUMMARY_LENGTH): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : text.slice(0, max)).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/**
 * The summary of a post's HTML (its content, or a whole page, whose `.post-content` is
 * read): '' when it has no paragraph with text. Equations must be in place (not placeholders).
 */
export function summaryOf(html: string, max = SUMMARY_LENGTH): string {
  if (!html) return '';
  const doc = parseDocument(html);
  const content = DomUtils.findOne((el) => hasClass(el, 'post-content'), doc.children) ?? doc;
  // The first paragraph of the post's own text: not one inside a proof, callout or footnote.
  const paragraphs = DomUtils.findAll((el) => el.name === 'p', content.children).filter((p) => {
    for (let up = p.parent; up && up !== content; up = up.parent) {
      const el = up as Element;
      if (el.name === 'details' || el.name === 'aside' || el.name === 'blockquote' || hasClass(el, 'callout') || hasClass(el, 'footnotes')) return false;
    }
    return true;
  });
  for (const p of paragraphs) {
    const text = textOf(p.children).replace(/\s+/g, ' ').trim();
    if (text) return clip(text, max);
  }
  return '';
}
