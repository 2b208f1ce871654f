import { Parser } from 'htmlparser2';
import { srcsetUrls } from './srcset.js';
import { findUnrenderedMath, type UnrenderedMath } from './unrendered-math.js';

/** A URL written in a page. */
export interface LinkRef {
  /** The attribute value as the browser reads it (entities decoded). */
  url: string;
  /** `link` for navigation (<a>, <area>), `asset` for what the page loads or embeds. */
  role: 'link' | 'asset';
  tag: string;
  attribute: string;
  /** 1-based line in the built HTML (where to look when no source file wrote it). */
  htmlLine: number;
  /**
   * An `<a href>` with nothing inside: usually an anchor written as a link
   * (`<a href="#x"></a>` where `<a name="x"></a>` or `id="x"` was meant).
   */
  empty?: true;
}

export interface UnrenderedMathRef extends UnrenderedMath {
  htmlLine: number;
}

/** A KaTeX error marker left in the page by the build. */
export interface KatexErrorRef {
  tex: string;
  message: string;
  htmlLine: number;
}

/** Everything the checker needs from one page, collected in a single parse. */
export interface PageScan {
  /** Every `id`, and every `<a name>`: what a `#fragment` may point to. */
  ids: Set<string>;
  links: LinkRef[];
  unrenderedMath: UnrenderedMathRef[];
  katexErrors: KatexErrorRef[];
  /** The page's `<base href>`, when it has one. */
  baseHref?: string;
}

/** Which attributes hold URLs, per element, and whether following them navigates. */
const URL_ATTRIBUTES: Record<string, { attributes: string[]; role: LinkRef['role'] }> = {
  a: { attributes: ['href'], role: 'link' },
  area: { attributes: ['href'], role: 'link' },
  iframe: { attributes: ['src'], role: 'link' },
  link: { attributes: ['href'], role: 'asset' },
  img: { attributes: ['src', 'srcset'], role: 'asset' },
  source: { attributes: ['src', 'srcset'], role: 'asset' },
  script: { attributes: ['src'], role: 'asset' },
  video: { attributes: ['src', 'poster'], role: 'asset' },
  audio: { attributes: ['src'], role: 'asset' },
  track: { attributes: ['src'], role: 'asset' },
  embed: { attributes: ['src'], role: 'asset' },
  object: { attributes: ['data'], role: 'asset' },
  input: { attributes: ['src'], role: 'asset' },
};

/** `<meta>` whose `content` is an image shown when the page is shared. */
const IMAGE_META = new Set(['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image']);

/** `<link rel>` values that name an origin to warm up, not a resource that must exist. */
const HINT_RELS = new Set(['preconnect', 'dns-prefetch']);

/** Elements whose text is code, script or already-typeset math: never "unrendered math". */
const VERBATIM_ELEMENTS = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style', 'textarea', 'template', 'title', 'math', 'svg', 'noscript']);
const TYPESET_CLASSES = /(?:^|\s)(?:katex|katex-display|katex-error)(?:\s|$)/;

/** Parse one page with htmlparser2 (no regular expressions over HTML). */
export function scanPage(html: string): PageScan {
  const scan: PageScan = { ids: new Set(), links: [], unrenderedMath: [], katexErrors: [] };
  // One entry per open element: is its text verbatim (code, math, …)? Its top is `inVerbatim`.
  const verbatim: boolean[] = [];
  let text = '';
  let textLine = 1;
  let katexError: { message: string; tex: string; depth: number; htmlLine: number } | undefined;
  // The <a href> links open, in nesting order, and whether anything was inside each yet.
  const openAnchors: { link: LinkRef; depth: number; filled: boolean }[] = [];
  const fillAnchors = () => {
    for (const anchor of openAnchors) anchor.filled = true;
  };

  // Offsets only grow, so lines are counted incrementally, newline to newline.
  let nextNewline = html.indexOf('\n');
  let line = 1;
  const lineAt = (offset: number): number => {
    while (nextNewline !== -1 && nextNewline < offset) {
      line++;
      nextNewline = html.indexOf('\n', nextNewline + 1);
    }
    return line;
  };

  // Text is only gathered where it can hold unrendered math (outside code and typeset math).
  let inVerbatim = false;
  const flushText = () => {
    if (text) {
      for (const found of findUnrenderedMath(text)) scan.unrenderedMath.push({ ...found, htmlLine: textLine });
      text = '';
    }
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        flushText();
        if (attributes.id) scan.ids.add(attributes.id);
        if (name === 'a' && attributes.name) scan.ids.add(attributes.name);
        if (name === 'base' && attributes.href !== undefined && scan.baseHref === undefined) scan.baseHref = attributes.href;
        const urls = URL_ATTRIBUTES[name];
        const htmlLine = urls || name === 'meta' || attributes.class !== undefined ? lineAt(parser.startIndex) : 0;
        if (name === 'meta' && attributes.content && IMAGE_META.has((attributes.property ?? attributes.name ?? '').toLowerCase())) {
          scan.links.push({ url: attributes.content, role: 'asset', tag: name, attribute: 'content', htmlLine });
        }
        fillAnchors();
        if (urls && !(name === 'link' && attributes.rel?.split(/\s+/).some((r) => HINT_RELS.has(r.toLowerCase())))) {
          for (const attribute of urls.attributes) {
            const value = attributes[attribute];
            if (value === undefined) continue;
            for (const url of attribute === 'srcset' ? srcsetUrls(value) : [value]) {
              scan.links.push({ url, role: urls.role, tag: name, attribute, htmlLine });
            }
          }
          if (name === 'a' && attributes.href !== undefined) openAnchors.push({ link: scan.links[scan.links.length - 1], depth: verbatim.length, filled: false });
        }
        const className = attributes.class;
        const typeset = className !== undefined && className.includes('katex') && TYPESET_CLASSES.test(className);
        if (typeset && !katexError && /(?:^|\s)katex-error(?:\s|$)/.test(className)) {
          katexError = { message: attributes.title ?? 'KaTeX error', tex: '', depth: verbatim.length, htmlLine };
        }
        inVerbatim = inVerbatim || VERBATIM_ELEMENTS.has(name) || typeset;
        verbatim.push(inVerbatim);
      },
      ontext(data) {
        if (openAnchors.length && data.trim()) fillAnchors();
        if (katexError) katexError.tex += data;
        if (inVerbatim) return;
        if (!text) textLine = lineAt(parser.startIndex);
        text += data;
      },
      onclosetag() {
        flushText();
        verbatim.pop();
        const anchor = openAnchors[openAnchors.length - 1];
        if (anchor && anchor.depth === verbatim.length) {
          openAnchors.pop();
          if (!anchor.filled) anchor.link.empty = true;
        }
        inVerbatim = verbatim.length > 0 && verbatim[verbatim.length - 1];
        if (katexError && verbatim.length === katexError.depth) {
          scan.katexErrors.push({ message: katexError.message, tex: katexError.tex, htmlLine: katexError.htmlLine });
          katexError = undefined;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  flushText();
  return scan;
}
