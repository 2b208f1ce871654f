import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import type { SiteSettings } from '../settings.js';
import { URL_ATTRIBUTES, feedUrl } from './feed-urls.js';

const hasClass = (el: Element, name: string) => (el.attribs.class ?? '').split(/\s+/).includes(name);

/**
 * A post's HTML as a feed entry carries it. Feed readers load no CSS, so KaTeX's
 * visual HTML (`.katex-html`) would show every equation twice, as loose glyphs:
 * each equation is replaced by its MathML alone, which readers render natively,
 * minus the TeX annotation (another copy of the text for readers without MathML).
 * The `#` links after headings go too: without CSS they read as stray characters.
 * Every link and image URL becomes absolute (feeds are read away from the site).
 */
export function feedHtml(html: string, pageUrl: string, settings: Pick<SiteSettings, 'url' | 'pathPrefix'>): string {
  if (!html) return '';
  const doc = parseDocument(html, { decodeEntities: false });
  const equations = DomUtils.findAll((el) => el.name === 'span' && hasClass(el, 'katex'), doc.children);
  for (const equation of equations) {
    const math = DomUtils.findOne((el) => el.name === 'math', equation.children);
    if (!math) continue;
    for (const annotation of DomUtils.findAll((el) => el.name === 'annotation', math.children)) DomUtils.removeElement(annotation);
    // Display equations sit in `.katex-display` wrappers; the <math display="block"> replaces the lot.
    const wrapper = equation.parent && (equation.parent as Element).name === 'span' && hasClass(equation.parent as Element, 'katex-display')
      ? (equation.parent as Element)
      : equation;
    DomUtils.replaceElement(wrapper, math);
  }
  for (const anchor of DomUtils.findAll((el) => el.name === 'a' && hasClass(el, 'heading-anchor'), doc.children)) {
    DomUtils.removeElement(anchor);
  }
  for (const el of DomUtils.findAll((e) => e.name in URL_ATTRIBUTES, doc.children)) {
    for (const attr of URL_ATTRIBUTES[el.name]) {
      if (el.attribs[attr] !== undefined) el.attribs[attr] = feedUrl(el.attribs[attr], pageUrl, settings);
    }
  }
  return DomUtils.getOuterHTML(doc, { decodeEntities: false });
}
