import path from 'node:path';
import { stringify } from 'yaml';
import { outsideFences, type PostContext } from './context.js';
import { convertIndentedCode } from './indented-code.js';
import { convertKramdown } from './kramdown.js';
import { rewriteLinks } from './links.js';
import { convertLiquid } from './liquid.js';
import { convertShortcodes } from './shortcodes.js';
import type { CopiedFile, ImportedPost, ImportNote, ImportResult, SourceFiles } from './types.js';

/** A post as a source module read it: Lemma's front matter, and the body to convert. */
export interface SourcePost {
  source: string;
  /** Wanted file name in posts/, without `.md`. */
  slug: string;
  title: string;
  /** YYYY-MM-DD. */
  date: string;
  tags: string[];
  description?: string;
  updated?: string;
  draft: boolean;
  /** Its URL on the old site, without the old path prefix. */
  oldUrl?: string;
  /** Old URLs it already redirected from (`redirect_from`, `aliases`). */
  redirects: string[];
  body: string;
  /** 0-based line of the body in the source file. */
  bodyLine: number;
  /** Other names the post is referred to by (`{% post_url 2018-04-08-x %}`, `{filename}x.md`). */
  names: string[];
}

export interface SiteShape {
  source: ImportResult['source'];
  /** Body conversions, in order. */
  conversions: ('liquid' | 'kramdown' | 'shortcodes' | 'indented-code')[];
  /** The old site's path prefix (`baseurl`): stripped from links. */
  baseUrl: string;
  /** Where a root-relative file reference (`/images/x.png`) lives in the source (Hugo: `static/`). */
  staticDirs: string[];
  /** Pelican's `{static}` / `{attach}` / `{filename}` link prefixes are read too. */
  pelicanLinks?: boolean;
}

const CONVERT = { liquid: convertLiquid, kramdown: convertKramdown, shortcodes: convertShortcodes, 'indented-code': convertIndentedCode };
/** What Lemma never turns into a page or copies as a post's file. */
const TEXT_SOURCE = /\.(md|markdown|mkd|rst|html?)$/i;

/**
 * A line holding only `<a name="x"></a>`, `<br/>` or the like starts a raw HTML block in
 * CommonMark, swallowing the lines after it (Kramdown reads them as Markdown): the tag
 * is joined to the line that follows, which then stays a paragraph.
 */
function joinLoneInlineTags(body: string): string {
  return outsideFences(body, (stretch) => stretch.replace(/^([ \t]*<(?:a|span|br|img)\b[^>\n]*>(?:<\/(?:a|span)>)?)[ \t]*\n(?=[ \t]*[^\s<])/gim, '$1'));
}

/** `/x/`, `/x/index.html`, `/x`, `x.html`: one key per address. */
function addressKey(url: string): string {
  return `/${url.replace(/^\/+/, '')}`.toLowerCase().replace(/\/index\.html?$/, '/').replace(/\/+$/, '');
}

/** Turn the site's posts into Lemma posts: unique slugs, converted bodies, copied files, a note for each thing done. */
export function assemble(shape: SiteShape, posts: SourcePost[], files: SourceFiles, earlierNotes: ImportNote[] = []): ImportResult {
  const notes: ImportNote[] = [...earlierNotes];
  const copies = new Map<string, string>(); // source path → posts/ path
  const taken = new Set<string>();
  const slugs = posts.map((post) => {
    let slug = post.slug || 'post';
    for (let n = 2; taken.has(slug); n++) slug = `${post.slug}-${n}`;
    taken.add(slug);
    return slug;
  });
  const byName = new Map<string, string>();
  posts.forEach((post, i) => {
    const file = `${slugs[i]}.md`;
    const names = [post.source, post.source.replace(/\.\w+$/, ''), path.posix.basename(post.source), path.posix.basename(post.source).replace(/\.\w+$/, ''), ...post.names];
    if (post.oldUrl) names.push(post.oldUrl);
    for (const name of names) byName.set(addressKey(name), file);
  });
  const stripBase = (ref: string) => (shape.baseUrl && ref.startsWith(shape.baseUrl + '/') ? ref.slice(shape.baseUrl.length) : ref);
  const pelican = (ref: string) => (shape.pelicanLinks ? ref.replace(/^\{(?:static|attach|filename)\}/, '') : ref);

  const result: ImportedPost[] = posts.map((post, i) => {
    const slug = slugs[i];
    const dir = path.posix.dirname(post.source);
    const ctx: PostContext = {
      file: post.source,
      bodyLine: post.bodyLine,
      notes,
      postFor: (reference) => {
        const ref = stripBase(pelican(reference.trim().replace(/^["']|["']$/g, '')));
        if (!ref) return undefined;
        const relative = ref.startsWith('/') ? undefined : path.posix.join(dir, ref);
        return byName.get(addressKey(ref)) ?? (relative ? byName.get(addressKey(relative)) : undefined);
      },
      assetFor: (reference) => {
        const ref = decodeURI(stripBase(pelican(reference.trim())));
        const candidates = ref.startsWith('/')
          ? [ref.slice(1), ...shape.staticDirs.map((d) => path.posix.join(d, ref.slice(1)))]
          : [path.posix.join(dir, ref), ...shape.staticDirs.map((d) => path.posix.join(d, ref))];
        const found = candidates.find((c) => files.has(c) && !TEXT_SOURCE.test(c));
        if (!found) return undefined;
        let target = copies.get(`${slug}\0${found}`);
        if (!target) {
          const base = path.posix.basename(found);
          target = `${slug}/${base}`;
          for (let n = 2; [...copies.values()].includes(target); n++) target = `${slug}/${n}-${base}`;
          copies.set(`${slug}\0${found}`, target);
        }
        return target;
      },
    };
    let body = post.body;
    for (const step of shape.conversions) body = CONVERT[step](body, ctx);
    body = joinLoneInlineTags(rewriteLinks(body, ctx));
    const redirects = [...new Set([post.oldUrl, ...post.redirects].filter((u): u is string => !!u && addressKey(u) !== addressKey(`/posts/${slug}/`)))];
    const frontMatter: Record<string, unknown> = { title: post.title, date: post.date };
    if (post.updated) frontMatter.updated = post.updated;
    if (post.description) frontMatter.description = post.description;
    // Tags and categories that differ only in case are one Lemma tag.
    const tags = post.tags.filter((t, k) => post.tags.findIndex((u) => u.toLowerCase() === t.toLowerCase()) === k);
    if (tags.length) frontMatter.tags = tags;
    if (post.draft) frontMatter.draft = true;
    if (redirects.length) frontMatter.redirect_from = redirects;
    const text = `---\n${stringify(frontMatter).trimEnd()}\n---\n${body.replace(/^\n+/, '')}${body.endsWith('\n') ? '' : '\n'}`;
    return { file: `posts/${slug}.md`, text, source: post.source, oldUrl: post.oldUrl };
  });

  const copied: CopiedFile[] = [...copies].map(([key, to]) => ({ from: key.split('\0')[1], to: `posts/${to}` }));
  return { source: shape.source, posts: result, files: copied, notes };
}
