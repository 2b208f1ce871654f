import { lineAt, newlines, note, type PostContext } from './context.js';

/**
 * Liquid in a Jekyll post (and Pelican's liquid_tags), turned into what it means in
 * Lemma: `{% post_url %}` and `{% link %}` into links to the post files, `site.baseurl`
 * and `relative_url` into root-relative paths (Lemma adds the path prefix),
 * `{% highlight %}` into fenced code, `{% raw %}` unwrapped, Pelican's `{% notebook %}`
 * into the notebook embed. Liquid runs everywhere in a Jekyll post, code blocks
 * included, so this does too (but not inside `{% raw %}`). A tag with no Lemma meaning
 * becomes an HTML comment (readers never see it) and a note with its line.
 */

const TAG = /\{%-?\s*(\w+)([\s\S]*?)-?%\}/g;
const OUTPUT = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

/** `{{ site.baseurl }}`, `{{ site.url }}`, `{{ "/x" | relative_url }}` and friends. */
function convertOutput(expression: string): string | undefined {
  if (/^site\.(baseurl|url)$/.test(expression)) return '';
  const filtered = /^(["'])(.*?)\1\s*\|\s*(relative_url|absolute_url|prepend:\s*site\.baseurl)\s*$/.exec(expression);
  if (filtered) return filtered[2];
  return undefined;
}

export function convertLiquid(body: string, ctx: PostContext): string {
  // `{% raw %}…{% endraw %}`: the content is shown as written; set it aside first.
  const raws: string[] = [];
  let text = body.replace(/\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g, (_m, content: string) => {
    raws.push(content);
    return `\u0000raw${raws.length - 1}\u0000`;
  });
  let converted = 0;

  // {% highlight lang [linenos] %} … {% endhighlight %} → a fence (same lines).
  text = text.replace(/\{%-?\s*highlight\s+([\w+#.-]+)[^%]*%\}([ \t]*\n?)([\s\S]*?)\{%-?\s*endhighlight\s*-?%\}/g, (_m, lang: string, gap: string, code: string) => {
    converted++;
    const inner = code.replace(/\n$/, '');
    return `\`\`\`${lang}${gap ? '\n' : '\n'}${inner}\n\`\`\``;
  });

  text = text.replace(TAG, (match, name: string, args: string, offset: number) => {
    const line = lineAt(text, offset);
    const argument = args.trim();
    switch (name) {
      case 'post_url': {
        const target = ctx.postFor(argument);
        if (target) return converted++, target;
        note(ctx, 'unconverted', line, `{% post_url ${argument} %}: no such post in the site; left as a link to nowhere.`);
        return '#';
      }
      case 'link': {
        const target = ctx.postFor(argument) ?? ctx.assetFor(argument);
        if (target) return converted++, target;
        note(ctx, 'unconverted', line, `{% link ${argument} %}: no such file in the site.`);
        return '#';
      }
      case 'notebook': {
        // Pelican's liquid_tags: {% notebook x.ipynb cells[1:] %} → Lemma's notebook embed.
        const [file, cells] = argument.split(/\s+/);
        const copied = ctx.assetFor(file) ?? file;
        const range = /^cells\[(-?\d*:?-?\d*)\]$/.exec(cells ?? '')?.[1];
        // Both are Python slices, counted from 0; the embed is one line, with no closing `:::`.
        note(ctx, 'converted', line, `{% notebook ${argument} %} → ::: notebook ${copied}${range ? ` cells=${range}` : ''}`);
        return `::: notebook ${copied}${range ? ` cells=${range}` : ''}` + newlines(match);
      }
      case 'comment':
      case 'endcomment':
        return match;
      default:
        note(ctx, 'unconverted', line, `{% ${name}${args.trimEnd()} %}: no Lemma equivalent; left out as an HTML comment.`);
        return `<!-- ${match.replace(/--/g, '- -')} -->`;
    }
  });
  // {% comment %} … {% endcomment %}: an HTML comment.
  text = text.replace(/\{%-?\s*comment\s*-?%\}/g, '<!--').replace(/\{%-?\s*endcomment\s*-?%\}/g, '-->');

  text = text.replace(OUTPUT, (match, expression: string, offset: number) => {
    const value = convertOutput(expression.trim());
    if (value !== undefined) return converted++, value;
    // `{{` is common in TeX (`\frac{{a}}{b}`): only Liquid variables are reported.
    if (!/^(site|page|post|include|paginator|content)\b/.test(expression.trim())) return match;
    note(ctx, 'unconverted', lineAt(text, offset), `{{ ${expression.trim()} }}: no Lemma equivalent; left out.`);
    return '';
  });

  text = text.replace(/\u0000raw(\d+)\u0000/g, (_m, i: string) => raws[Number(i)]);
  if (converted) note(ctx, 'converted', -1, `${converted} Liquid tag(s) (post_url, link, baseurl, relative_url, highlight).`);
  return text;
}
