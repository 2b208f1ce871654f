import { Parser } from 'htmlparser2';

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

/**
 * The KaTeX font files a page draws its visible equations with, e.g.
 * `['KaTeX_Main-Regular.woff2', 'KaTeX_Math-Italic.woff2']`, worked out from the class
 * names in KaTeX's HTML the way its stylesheet assigns fonts. The layout preloads them:
 * fonts that arrive after the first layout reflow the text around the math (layout
 * shift). Equations inside a closed `<details>` are left out; they load when opened.
 */
export function katexFonts(html: string): string[] {
  const used = new Set<string>();
  // One entry per open element: its font properties after inheritance, whether it is in
  // KaTeX's visual output, and whether it is inside a <details>.
  const stack: { font: FontProps; visual: boolean; folded: boolean }[] = [{ font: {}, visual: false, folded: false }];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const parent = stack[stack.length - 1];
        const classes = (attributes.class ?? '').split(/\s+/).filter(Boolean);
        let font = parent.font;
        for (const props of [...classes.map((c) => CLASS_FONTS[c]), compoundFont(classes)]) if (props) font = { ...font, ...props };
        const visual = classes.includes('katex-html') || (parent.visual && !classes.includes('katex-mathml'));
        stack.push({ font, visual, folded: parent.folded || name === 'details' });
      },
      ontext(text) {
        const top = stack[stack.length - 1];
        if (top.visual && !top.folded && text.trim()) used.add(fontFile(top.font));
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return [...used].sort();
}
