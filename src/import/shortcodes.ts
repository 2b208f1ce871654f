import { lineAt, note, type PostContext } from './context.js';

/**
 * Hugo shortcodes with a Lemma meaning: `figure` (an image with its caption as alt
 * text and title), `highlight` (fenced code), `ref`/`relref` (a link to the post file),
 * `youtube`/`vimeo` (a link), and `katex`/`math` wrappers (unwrapped: the math inside
 * renders as it is). An escaped shortcode (a comment inside the brackets) is the literal text `{{< x >}}`. Any
 * other shortcode becomes an HTML comment and a note with its line.
 */

const SHORTCODE = new RegExp(String.raw`\{\{([<%])\s*(\/?)\s*([\w-]+)((?:\s+(?:[\w-]+=)?(?:"[^"]*"|'[^']*'|[^\s>%"']+))*)\s*[>%]\}\}`, 'g');
const ARGUMENT = /(?:([\w-]+)=)?(?:"([^"]*)"|'([^']*)'|([^\s"']+))/g;

function parseArguments(text: string): { named: Record<string, string>; positional: string[] } {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  for (const m of text.matchAll(ARGUMENT)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (m[1]) named[m[1]] = value;
    else positional.push(value);
  }
  return { named, positional };
}

const UNWRAPPED = new Set(['katex', 'math', 'raw', 'rawhtml', 'center']);

export function convertShortcodes(body: string, ctx: PostContext): string {
  let converted = 0;
  const escaped: string[] = [];
  let text = body.replace(/\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}/g, (_m, open: string, inner: string, close: string) => {
    escaped.push(`{{${open}${inner}${close}}}`);
    return `\u0000sc${escaped.length - 1}\u0000`;
  });
  // {{< highlight go "linenos=table" >}} … {{< /highlight >}} → a fence (same lines).
  text = text.replace(/\{\{[<%]\s*highlight\s+([\w+#.-]+)[^}]*[>%]\}\}[ \t]*\n([\s\S]*?)\n?\{\{[<%]\s*\/highlight\s*[>%]\}\}/g, (_m, lang: string, code: string) => {
    converted++;
    return `\`\`\`${lang}\n${code}\n\`\`\``;
  });
  text = text.replace(SHORTCODE, (match, _delimiter: string, closing: string, name: string, args: string, offset: number) => {
    const line = lineAt(text, offset);
    if (UNWRAPPED.has(name)) return converted++, '';
    if (closing) {
      note(ctx, 'unconverted', line, `{{< /${name} >}}: no Lemma equivalent; left out.`);
      return '';
    }
    const { named, positional } = parseArguments(args);
    switch (name) {
      case 'figure': {
        const src = named.src ?? positional[0];
        const link = (src && ctx.assetFor(src)) ?? src;
        if (!link) break;
        converted++;
        const caption = (named.caption ?? named.title ?? named.alt ?? '').replace(/[[\]]/g, '');
        return `![${caption}](${link}${named.title ? ` "${named.title.replace(/"/g, "'")}"` : ''})`;
      }
      case 'ref':
      case 'relref': {
        const target = ctx.postFor(positional[0] ?? named.path ?? '');
        if (target) return converted++, target;
        note(ctx, 'unconverted', line, `{{< ${name} ${positional[0] ?? ''} >}}: no such post in the site; left as a link to nowhere.`);
        return '#';
      }
      case 'youtube':
        converted++;
        return `[Video on YouTube](https://www.youtube.com/watch?v=${encodeURIComponent(named.id ?? positional[0] ?? '')})`;
      case 'vimeo':
        converted++;
        return `[Video on Vimeo](https://vimeo.com/${encodeURIComponent(named.id ?? positional[0] ?? '')})`;
    }
    note(ctx, 'unconverted', line, `{{< ${name}${args.trimEnd()} >}}: no Lemma equivalent; left out as an HTML comment.`);
    return `<!-- ${match.replace(/--/g, '- -')} -->`;
  });
  text = text.replace(/\u0000sc(\d+)\u0000/g, (_m, i: string) => escaped[Number(i)]);
  if (converted) note(ctx, 'converted', -1, `${converted} Hugo shortcode(s) (figure, highlight, ref, relref, youtube, math wrappers).`);
  return text;
}
