import { readingMinutes } from '../../src/filters/reading-time.js';
import { render } from '../helpers/render.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
/** Twenty equations, inline and display. */
const equations = [
  ...Array.from({ length: 18 }, (_, i) => `$x_{${i}}^2 + \\frac{a}{b}$`),
  '\n\n$$\n\\sum_{k=1}^{n} \\int_0^1 f_k(t)\\,dt\n$$\n',
  '\n\n$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n$$\n',
].join(' ');

/**
 * 220 words a minute, each equation counted as 5 words: these pages sit on either side
 * of a rounding boundary (329 and 330 words = 1.495 and 1.5 minutes), so a single word
 * too many or too few changes the answer.
 */
const below = render(`${words(229)}\n\n${equations}`).html;
const at = render(`${words(230)}\n\n${equations}`).html;

describe('readingMinutes', () => {
  test('counts prose words and five words per equation, never the words inside KaTeX markup', () => {
    expect(readingMinutes(below)).toBe(1);
    expect(readingMinutes(at)).toBe(2);
  });

  test('pages that cannot take the shortcut past equation markup are counted the same', () => {
    // A comment (or a script, a style, a single-quoted attribute) makes the whole page parse.
    expect(readingMinutes(`<!-- full parse -->${below}`)).toBe(1);
    expect(readingMinutes(`<!-- full parse -->${at}`)).toBe(2);
    expect(readingMinutes(`<p title='quoted'></p>${at}`)).toBe(2);
  });

  test('a page without prose or math still reads in a minute', () => {
    expect(readingMinutes('')).toBe(1);
    expect(readingMinutes(render('$x$').html)).toBe(1);
  });
});
