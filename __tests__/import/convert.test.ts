import type { PostContext } from '../../src/import/context.js';
import { convertIndentedCode } from '../../src/import/indented-code.js';
import { jekyllUrl } from '../../src/import/jekyll.js';
import { hugoUrl } from '../../src/import/hugo.js';
import { convertKramdown } from '../../src/import/kramdown.js';
import { convertLiquid } from '../../src/import/liquid.js';
import { pelicanUrl } from '../../src/import/pelican.js';
import { convertShortcodes } from '../../src/import/shortcodes.js';
import { importSite } from '../../src/import/index.js';

function context(): PostContext {
  return { file: 'x.md', bodyLine: 10, notes: [], postFor: (r) => (r.includes('other') ? 'other.md' : undefined), assetFor: (r) => (r.endsWith('.png') ? 'x/plot.png' : undefined) };
}

const lines = (text: string) => text.split('\n').length;

describe('body conversions keep every line where it was', () => {
  test('Liquid: post_url, baseurl, highlight, raw; an unknown tag becomes a comment noted on its line', () => {
    const ctx = context();
    const src = 'See [it]({{ site.baseurl }}{% post_url 2020-01-01-other %}#a).\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n{% raw %}{{ page.x }}{% endraw %}\n{% include box.html %}\n$\\frac{{a}}{b}$\n';
    const out = convertLiquid(src, ctx);
    expect(out).toBe('See [it](other.md#a).\n```ruby\nputs 1\n```\n{{ page.x }}\n<!-- {% include box.html %} -->\n$\\frac{{a}}{b}$\n');
    expect(lines(out)).toBe(lines(src));
    expect(ctx.notes.filter((n) => n.kind === 'unconverted')).toEqual([expect.objectContaining({ line: 16, message: expect.stringContaining('{% include box.html %}') })]);
  });

  test('Kramdown: attribute lists and {:toc} go, TeX that looks like one stays', () => {
    const src = '* TOC\n{:toc}\n\nText\n{: .lead}\n![a](b.png){: width="50%"}\n## H {: #id}\n$a \\mathrel{:} b {:=} c$\n';
    const out = convertKramdown(src, context());
    expect(out).toBe('\n\n\nText\n\n![a](b.png)\n## H\n$a \\mathrel{:} b {:=} c$\n');
  });

  test('Hugo shortcodes: figure, highlight, ref; escaped shortcodes stay literal', () => {
    const ctx = context();
    const src = '{{< figure src="/images/p.png" caption="A plot" >}}\n{{< highlight go >}}\nfunc f() {}\n{{< /highlight >}}\n[x]({{< ref "other" >}})\n`{{</* figure src="y" */>}}`\n{{< gist a b >}}\n';
    const out = convertShortcodes(src, ctx);
    expect(out).toBe('![A plot](x/plot.png)\n```go\nfunc f() {}\n```\n[x](other.md)\n`{{< figure src="y" >}}`\n<!-- {{< gist a b >}} -->\n');
    expect(ctx.notes.find((n) => n.kind === 'unconverted')?.line).toBe(17);
  });

  test('indented code becomes fenced; list continuations and indented math stay', () => {
    const src = 'Text.\n\n    code()\n\n- item\n\n    more of the item\n\nAfter.\n\n    $$ x^2 $$\n';
    const out = convertIndentedCode(src, context());
    expect(out).toBe('Text.\n```\ncode()\n```\n- item\n\n    more of the item\n\nAfter.\n\n    $$ x^2 $$\n');
    expect(lines(out)).toBe(lines(src));
  });
});

describe('old URLs as each engine makes them', () => {
  test.each([
    [jekyllUrl('/:categories/:year/:month/:day/:title:output_ext', { date: '2018-04-08', slug: 'x', categories: ['ML', 'rl'] }), '/ml/rl/2018/04/08/x.html'],
    [jekyllUrl('/:categories/:year/:month/:day/:title:output_ext', { date: '2018-04-08', slug: 'x', categories: [] }), '/2018/04/08/x.html'],
    [jekyllUrl('/blog/:year/:i_month/:title/', { date: '2018-04-08', slug: 'x', categories: [] }), '/blog/2018/4/x/'],
    [hugoUrl('/post/:year/:month/:day/:slug/', { date: '2019-06-11', slug: 'kl', title: 'KL', filename: 'kl-file', section: 'post' }), '/post/2019/06/11/kl/'],
    [pelicanUrl('{date:%Y}/{date:%m}/{slug}.html', { date: '2020-02-02', slug: 'gd', category: 'Optimization' }), '/2020/02/gd.html'],
    [pelicanUrl('{category}/{slug}/', { date: '2020-02-02', slug: 'gd', category: 'Deep Learning' }), '/deep-learning/gd/'],
  ])('%s', (url, expected) => expect(url).toBe(expected));
});

test('a plain folder of Markdown: title from the first heading (which the layout then shows), date from the file name', () => {
  const files = new Map([['notes/2021-03-04-first-note.md', Buffer.from('# My first note\n\nText with $x$.\n')]]);
  const result = importSite(files, { today: '2026-12-01' });
  expect(result.source).toBe('Markdown folder');
  expect(result.posts.map((p) => [p.file, p.text])).toEqual([['posts/first-note.md', '---\ntitle: My first note\ndate: 2021-03-04\n---\nText with $x$.\n']]);
});
