import { render, texAnnotations } from '../helpers/render.js';

/** The TeX of each typeset equation inside the elements `selector` picks. */
function typesetIn(html: string, $: ReturnType<typeof render>['$'], selector: string): string[] {
  return $(selector).toArray().flatMap((el) => texAnnotations($.html(el)));
}

describe('math in raw HTML is typeset where MathJax typesets it', () => {
  test('inline math on the lines after a lone <a name> or <br/> line', () => {
    const src = ['<a name="loss"></a>', 'The loss $L = \\|x\\|^2$ and \\(y > 0\\) here.', '', 'Text', '<br/>', 'after a break $a_1 + b$.', ''].join('\n');
    const { html, state } = render(src);
    expect(state.diagnostics).toEqual([]);
    expect(texAnnotations(html)).toEqual(['L = \\|x\\|^2', 'y > 0', 'a_1 + b']);
    expect(html).not.toContain('$');
  });

  test('inline and display math in <td>, <p> and <div> text', () => {
    const src = ['<table><tr><td>$\\alpha$</td><td>\\(\\beta\\)</td></tr></table>', '', '<p>Then $x &lt; y$ holds.</p>', '', '<div>', '$$', 'z = 1', '$$', 'and $k$', '</div>', ''].join('\n');
    const { html, $, state } = render(src);
    expect(state.diagnostics).toEqual([]);
    expect(typesetIn(html, $, 'td')).toEqual(['\\alpha', '\\beta']);
    // The character reference is the character MathJax reads from the page.
    expect(typesetIn(html, $, 'p')).toEqual(['x < y']);
    expect($('div > div.math-display .katex-display')).toHaveLength(1);
    expect(typesetIn(html, $, 'div')).toContain('k');
  });

  test('never inside <pre>, <code>, <script>, <style>, <textarea>, comments or attributes', () => {
    const src = [
      '<div title="$x$" data-tex="\\(y\\)"><code>$a$</code> <kbd>$b$</kbd></div>',
      '',
      '<pre>$c$ and $$d$$</pre>',
      '',
      '<script>let price = "$e$";</script>',
      '',
      '<style>.x::after { content: "$f$"; }</style>',
      '',
      '<textarea>$g$</textarea>',
      '',
      '<!-- $h$ -->',
      '',
    ].join('\n');
    const { html, state } = render(src);
    expect(state.diagnostics).toEqual([]);
    expect(texAnnotations(html)).toEqual([]);
    for (const kept of ['title="$x$"', 'data-tex="\\(y\\)"', '<code>$a$</code>', '<pre>$c$ and $$d$$</pre>', '"$e$"', '"$f$"', '<textarea>$g$</textarea>', '<!-- $h$ -->']) {
      expect(html).toContain(kept);
    }
  });

  test('prices in raw HTML stay text', () => {
    const { html } = render('<div>It costs $5 and $10 today.</div>\n');
    expect(texAnnotations(html)).toEqual([]);
    expect(html).toContain('It costs $5 and $10 today.');
  });

  test('an error in inline math in raw HTML is reported on its line', () => {
    const { state } = render(['<div>', 'fine $x$', 'broken $\\frac{1}{$ here', '</div>', ''].join('\n'));
    expect(state.diagnostics.map((d) => [d.severity, d.line])).toEqual([['error', 3]]);
  });
});
