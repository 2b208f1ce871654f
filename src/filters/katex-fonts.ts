import { Parser } from 'htmlparser2';
import { spanEnd } from './span-end.js';
import { mathTable, type MathTable } from '../markdown/math-table.js';

/** The CSS font properties a KaTeX class sets (KaTeX 0.16+ `katex.css`, `.katex .<class>` rules). */
interface FontProps {
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

/** The file the browser's font matching picks for these properties (synthesising what is missing). */
function fontFile({ family = 'Main', weight = 'normal', style = 'normal' }: FontProps): string {
  const faces = FACES[family] ?? FACES.Main;
  const wanted = `${weight === 'bold' ? 'Bold' : ''}${style === 'italic' ? 'Italic' : ''}` || 'Regular';
  const face = faces.includes(wanted)
    ? wanted
    : (faces.find((f) => f.includes(style === 'italic' ? 'Italic' : 'Regular')) ?? faces.find((f) => (weight === 'bold') === f.includes('Bold')) ?? faces[0]);
  return `KaTeX_${family}-${face}.woff2`;
}

/** Fonts of one equation's visual HTML (`<span class="katex-html">…</span>`), by walking its elements. */
export function equationFonts(visualHtml: string): string[] {
  const used = new Set<string>();
  const stack: FontProps[] = [{}];
  const parser = new Parser(
    {
      onopentag(_name, attributes) {
        let font = stack[stack.length - 1];
        // Called for every element of every distinct equation: no allocation unless a class sets a font.
        if (attributes.class) {
          const classes = attributes.class.split(' ');
          for (const name of classes) {
            const props = CLASS_FONTS[name];
            if (props) font = { ...font, ...props };
          }
          const compound = compoundFont(classes);
          if (compound) font = { ...font, ...compound };
        }
        stack.push(font);
      },
      ontext(text) {
        if (text.trim()) used.add(fontFile(stack[stack.length - 1]));
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { decodeEntities: true },
  );
  parser.end(visualHtml);
  return [...used];
}

/** Where `<details>` blocks are in the page: what is inside them is not drawn until opened. */
function foldedRanges(html: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (let at = html.indexOf('<details'); at >= 0; at = html.indexOf('<details', at + 1)) {
    const end = html.indexOf('</details>', at);
    ranges.push([at, end < 0 ? html.length : end]);
  }
  return ranges;
}

/** Equations repeat within and across posts; each distinct one is walked once per process. */
const cache = new Map<string, string[]>();
const CACHE_LIMIT = 20_000;

/** Fonts of one equation's visual HTML; `walk` may answer from a cache kept across builds. */
export type EquationFontsLookup = (visualHtml: string) => string[];

function addVisualFonts(html: string, used: Set<string>, lookup: EquationFontsLookup, isFolded: (at: number) => boolean): void {
  const marker = '<span class="katex-html"';
  for (let at = html.indexOf(marker); at >= 0; at = html.indexOf(marker, at + marker.length)) {
    if (isFolded(at)) continue;
    const equation = html.slice(at, spanEnd(html, at));
    let fonts = cache.get(equation);
    if (!fonts) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      fonts = lookup(equation);
      cache.set(equation, fonts);
    }
    for (const font of fonts) used.add(font);
  }
}

/**
 * The KaTeX font files a page draws its visible equations with, e.g.
 * `['KaTeX_Main-Regular.woff2', 'KaTeX_Math-Italic.woff2']`, worked out from the class
 * names in KaTeX's HTML the way its stylesheet assigns fonts. The layout preloads them:
 * fonts that arrive after the first layout reflow the text around the math (layout
 * shift). Equations inside a `<details>` are left out; they load when it is opened.
 * Equations may be in the HTML or, during a build, placeholders into `table`.
 */
export function katexFonts(html: string, table: MathTable = mathTable, lookup: EquationFontsLookup = equationFonts): string[] {
  const used = new Set<string>();
  const folded = foldedRanges(html);
  const isFolded = (at: number) => folded.some(([from, to]) => at > from && at < to);
  addVisualFonts(html, used, lookup, isFolded);
  for (const { id, at } of table.placeholders(html)) {
    if (isFolded(at)) continue;
    const fonts = table.derived('katex-fonts', id, (equation) => {
      const own = new Set<string>();
      addVisualFonts(equation, own, lookup, () => false);
      return [...own];
    });
    for (const font of fonts) used.add(font);
  }
  return [...used].sort();
}
