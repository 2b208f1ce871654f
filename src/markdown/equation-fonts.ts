/**
 * Which KaTeX font files an equation's visual HTML uses, worked out from its class names
 * the way KaTeX's stylesheet assigns fonts (used for `<link rel=preload>`: fonts that
 * arrive after the first layout reflow the text around the math).
 */

/** The CSS font properties a KaTeX class sets (KaTeX 0.16+ `katex.css`, `.katex .<class>` rules). */
export interface FontProps {
  family?: string;
  weight?: 'normal' | 'bold';
  style?: 'normal' | 'italic';
}

const CLASS_FONTS: Record<string, FontProps> = {
  textbf: { weight: 'bold' },
  textit: { style: 'italic' },
  textrm: { family: 'Main' },
  textsf: { family: 'SansSerif' },
  texttt: { family: 'Typewriter' },
  mathnormal: { family: 'Math', style: 'italic' },
  mathit: { family: 'Main', style: 'italic' },
  mathrm: { style: 'normal' },
  mathbf: { family: 'Main', weight: 'bold' },
  boldsymbol: { family: 'Math', weight: 'bold', style: 'italic' },
  amsrm: { family: 'AMS' },
  mathbb: { family: 'AMS' },
  textbb: { family: 'AMS' },
  mathcal: { family: 'Caligraphic' },
  mathfrak: { family: 'Fraktur' },
  textfrak: { family: 'Fraktur' },
  mathboldfrak: { family: 'Fraktur', weight: 'bold' },
  textboldfrak: { family: 'Fraktur', weight: 'bold' },
  mathtt: { family: 'Typewriter' },
  mathscr: { family: 'Script' },
  textscr: { family: 'Script' },
  mathsf: { family: 'SansSerif' },
  mathboldsf: { family: 'SansSerif', weight: 'bold' },
  textboldsf: { family: 'SansSerif', weight: 'bold' },
  mathsfit: { family: 'SansSerif', style: 'italic' },
  mathitsf: { family: 'SansSerif', style: 'italic' },
  textitsf: { family: 'SansSerif', style: 'italic' },
  mainrm: { family: 'Main', style: 'normal' },
};

/** Rules that need two classes on one element (`.delimsizing.size1`, `.op-symbol.large-op`). */
function compoundFont(classes: string[]): FontProps | undefined {
  if (classes.includes('delimsizing')) {
    const size = classes.find((c) => /^size[1-4]$/.test(c));
    if (size) return { family: `Size${size.slice(4)}` };
  }
  if (classes.includes('op-symbol')) {
    if (classes.includes('small-op')) return { family: 'Size1' };
    if (classes.includes('large-op')) return { family: 'Size2' };
  }
  if (classes.includes('delim-size1')) return { family: 'Size1' };
  if (classes.includes('delim-size4')) return { family: 'Size4' };
  return undefined;
}

/** The faces KaTeX ships, by family: which weight/style combinations exist as files. */
const FACES: Record<string, string[]> = {
  AMS: ['Regular'],
  Caligraphic: ['Regular', 'Bold'],
  Fraktur: ['Regular', 'Bold'],
  Main: ['Regular', 'Bold', 'Italic', 'BoldItalic'],
  Math: ['Italic', 'BoldItalic'],
  SansSerif: ['Regular', 'Bold', 'Italic'],
  Script: ['Regular'],
  Size1: ['Regular'],
  Size2: ['Regular'],
  Size3: ['Regular'],
  Size4: ['Regular'],
  Typewriter: ['Regular'],
};

/** The font properties of an element with these classes inside one with `parent`'s. */
export function elementFont(parent: FontProps, classAttribute: string): FontProps {
  // Called for every element of every distinct equation: no allocation unless a class sets a font.
  if (!classAttribute) return parent;
  let font = parent;
  const classes = classAttribute.split(' ');
  for (const name of classes) {
    const props = CLASS_FONTS[name];
    if (props) font = { ...font, ...props };
  }
  const compound = compoundFont(classes);
  return compound ? { ...font, ...compound } : font;
}

/** The file the browser's font matching picks for these properties (synthesising what is missing). */
export function fontFile({ family = 'Main', weight = 'normal', style = 'normal' }: FontProps): string {
  const faces = FACES[family] ?? FACES.Main;
  const wanted = `${weight === 'bold' ? 'Bold' : ''}${style === 'italic' ? 'Italic' : ''}` || 'Regular';
  const face = faces.includes(wanted)
    ? wanted
    : (faces.find((f) => f.includes(style === 'italic' ? 'Italic' : 'Regular')) ?? faces.find((f) => (weight === 'bold') === f.includes('Bold')) ?? faces[0]);
  return `KaTeX_${family}-${face}.woff2`;
}

const NUMERIC_REFERENCE = /&#x([0-9a-f]+);|&#(\d+);/gi;
const LESS_THAN = 60;
const SLASH = 47;

/** Whether text shows anything once its character references are read (U+200B does; spaces do not). */
function isVisible(text: string): boolean {
  const decoded = text.includes('&#') ? text.replace(NUMERIC_REFERENCE, (_, hex?: string, dec?: string) => String.fromCodePoint(hex ? parseInt(hex, 16) : Number(dec))) : text;
  return decoded.trim() !== '';
}

/**
 * One distinct set of font properties met in a walk, with its file and, by class
 * attribute, the sets its child elements get. KaTeX uses a few hundred class
 * attributes and about ten such sets, so each is worked out once per process instead
 * of once per element of every distinct equation (which took as long as KaTeX itself).
 */
class FontContext {
  private readonly children = new Map<string, FontContext>();
  private fileName?: string;

  constructor(readonly props: FontProps) {}

  get file(): string {
    return (this.fileName ??= fontFile(this.props));
  }

  /** The context of a child element with these classes (the same object every time). */
  child(classAttribute: string): FontContext {
    if (!classAttribute) return this;
    let context = this.children.get(classAttribute);
    if (context === undefined) this.children.set(classAttribute, (context = fontContext(elementFont(this.props, classAttribute))));
    return context;
  }
}

const contexts = new Map<string, FontContext>();

function fontContext(props: FontProps): FontContext {
  const key = `${props.family ?? ''}|${props.weight ?? ''}|${props.style ?? ''}`;
  let context = contexts.get(key);
  if (context === undefined) contexts.set(key, (context = new FontContext(props)));
  return context;
}

const ROOT_CONTEXT = fontContext({});

/**
 * Walk KaTeX markup from `from`, adding the file of each piece of visible text to
 * `used`; with `untilClosed`, stop once the element that starts at `from` closes.
 * KaTeX's markup is regular (double-quoted attributes, `<` and `>` always escaped, SVG
 * elements self-closed), so a scan from tag to tag walks it exactly as an HTML parser
 * would, at a fraction of the cost. Returns where the walk stopped.
 */
function walkFonts(html: string, from: number, used: Set<string>, untilClosed: boolean): number {
  const stack: FontContext[] = [ROOT_CONTEXT];
  let at = from;
  while (at < html.length) {
    if (html.charCodeAt(at) !== LESS_THAN) {
      const next = html.indexOf('<', at);
      const stop = next < 0 ? html.length : next;
      if (isVisible(html.slice(at, stop))) used.add(stack[stack.length - 1].file);
      at = stop;
      continue;
    }
    const end = html.indexOf('>', at);
    if (end < 0) return html.length;
    if (html.charCodeAt(at + 1) === SLASH) {
      if (stack.length > 1) stack.pop();
      if (untilClosed && stack.length === 1) return end + 1;
    } else if (html.charCodeAt(end - 1) !== SLASH) {
      const classAt = html.indexOf(' class="', at);
      const classes = classAt >= 0 && classAt < end ? html.slice(classAt + 8, html.indexOf('"', classAt + 8)) : '';
      stack.push(stack[stack.length - 1].child(classes));
    }
    at = end + 1;
  }
  return at;
}

/** Fonts of one equation's visual HTML (`<span class="katex-html">…</span>`). */
export function equationFonts(visualHtml: string): string[] {
  const used = new Set<string>();
  walkFonts(visualHtml, 0, used, false);
  return [...used];
}

/**
 * The KaTeX font files one rendered equation (its whole HTML, display wrapper and all)
 * is drawn with, sorted: worked out once, when the equation is rendered, and kept with
 * it in the render cache, so a page's font preloads cost nothing to look up.
 */
export function equationHtmlFonts(html: string): string[] {
  const used = new Set<string>();
  const marker = '<span class="katex-html"';
  for (let at = html.indexOf(marker); at >= 0; at = html.indexOf(marker, at)) at = walkFonts(html, at, used, true);
  return [...used].sort();
}
