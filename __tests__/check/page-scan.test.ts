import { scanPage } from '../../src/check/page-scan.js';
import { findUnrenderedMath } from '../../src/check/unrendered-math.js';
import { srcsetUrls } from '../../src/check/srcset.js';

describe('unrendered math in page text', () => {
  test.each([
    ['$$ x^2 $$', '$$ x^2 $$'],
    ['see \\(a+b\\) here', '\\(a+b\\)'],
    ['\\[ \\int f \\]', '\\[ \\int f \\]'],
    ['then \\begin{align} a &= b \\end{align} holds', '\\begin{align} a &= b \\end{align}'],
    ['an unclosed \\begin{equation*} x', '\\begin{equation*} x'],
    ['so $x^2$ grows', '$x^2$'],
    ['the variable $n$ is', '$n$'],
  ])('flags %j', (text, snippet) => {
    expect(findUnrenderedMath(text).map((m) => m.snippet)).toEqual([snippet]);
  });

  test.each([
    'It costs $5 and $10.',
    'Between $5 and $20 per month, or $ 3.',
    'A lone dollar $ sign.',
    'Escaped \\$x\\$ dollars.',
    'Plain prose with (parentheses) and [brackets].',
  ])('leaves %j alone', (text) => {
    expect(findUnrenderedMath(text)).toEqual([]);
  });

  test('finds a TeX span after prices in the same sentence', () => {
    expect(findUnrenderedMath('From $5 to $10, then $x_1$.').map((m) => m.snippet)).toEqual(['$x_1$']);
  });
});

describe('scanPage', () => {
  const html = [
    '<!doctype html><html><head><title>$x$ in a title</title>',
    '<link rel="stylesheet" href="/a.css"><link rel="preconnect" href="https://fonts.example">',
    '<meta property="og:image" content="https://blog.example/card.png"><meta name="description" content="/not-a-url">',
    '<base href="/root/"></head><body>',
    '<h2 id="intro">Intro</h2><a name="legacy"></a>',
    '<p><a href="/x/?q=1&amp;r=2#intro">x</a> <img src="a.png" srcset="b.png 1x, c.png 2x"></p>',
    '<pre><code>$$ code $$</code></pre><script>var s = "\\\\(";</script>',
    '<span class="katex"><span class="katex-mathml"><math><annotation>x^2</annotation></math></span><span class="katex-html">x2</span></span>',
    '<span class="katex-error" title="KaTeX parse error: &quot;x&quot;">\\frac{1}{2</span>',
    '<p>left over: $$ y $$</p>',
    '<video src="v.mp4" poster="p.jpg"><source src="v.webm"><track src="t.vtt"></video>',
    '</body></html>',
  ].join('\n');
  const scan = scanPage(html);

  test('collects ids and <a name> anchors', () => {
    expect([...scan.ids].sort()).toEqual(['intro', 'legacy']);
  });

  test('collects every URL attribute (and the social-card image) with its line, entities decoded, skipping preconnect hints', () => {
    expect(scan.links.map((l) => [l.tag, l.attribute, l.url, l.htmlLine])).toEqual([
      ['link', 'href', '/a.css', 2],
      ['meta', 'content', 'https://blog.example/card.png', 3],
      ['a', 'href', '/x/?q=1&r=2#intro', 6],
      ['img', 'src', 'a.png', 6],
      ['img', 'srcset', 'b.png', 6],
      ['img', 'srcset', 'c.png', 6],
      ['video', 'src', 'v.mp4', 11],
      ['video', 'poster', 'p.jpg', 11],
      ['source', 'src', 'v.webm', 11],
      ['track', 'src', 't.vtt', 11],
    ]);
    expect(scan.baseHref).toBe('/root/');
  });

  test('only text outside code, scripts, titles and typeset math counts as unrendered', () => {
    expect(scan.unrenderedMath.map((m) => [m.snippet, m.htmlLine])).toEqual([['$$ y $$', 10]]);
  });

  test('KaTeX error markers are collected with their message and TeX', () => {
    expect(scan.katexErrors).toEqual([{ message: 'KaTeX parse error: "x"', tex: '\\frac{1}{2', htmlLine: 9 }]);
  });
});

test('srcset candidates: descriptors dropped, commas inside URLs kept', () => {
  expect(srcsetUrls('a.png 1x, b.png 2x')).toEqual(['a.png', 'b.png']);
  expect(srcsetUrls('  small.jpg 480w,large.jpg 1080w ')).toEqual(['small.jpg', 'large.jpg']);
  expect(srcsetUrls('img.php?size=1,2 1x, other.png')).toEqual(['img.php?size=1,2', 'other.png']);
  expect(srcsetUrls('single.png')).toEqual(['single.png']);
});
