import path from 'node:path';
import { assemble, type SourcePost } from './assemble.js';
import { dayOf, slugOf, splitPost, text, wordList } from './source-front-matter.js';
import type { ImportNote, ImportOptions, ImportResult, SourceFiles } from './types.js';

/**
 * A plain folder of Markdown (Quarto, Obsidian, hand-made): every `.md` file is a post,
 * its front matter mapped, its title from the first `# heading` or the file name, its
 * date from the front matter or a `YYYY-MM-DD` in the file name. Indented code becomes
 * fenced. There is no old URL scheme to keep.
 */
export function importPlainFolder(files: SourceFiles, options: ImportOptions): ImportResult {
  const notes: ImportNote[] = [];
  const posts: SourcePost[] = [];
  for (const [file, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!/\.(md|markdown)$/i.test(file) || /(^|\/)(README|LICENSE|CHANGELOG)\.md$/i.test(file) || file.split('/').some((p) => p.startsWith('.') || p === 'node_modules')) continue;
    const split = splitPost(bytes.toString('utf8'));
    if (split.error) notes.push({ kind: 'unconverted', file, line: 1, message: `front matter is not valid YAML (${split.error}); imported without it.` });
    const data = split.data;
    const name = path.posix.basename(file).replace(/\.\w+$/, '');
    const heading = /^#\s+(.+)$/m.exec(split.body)?.[1]?.trim();
    const title = text(data.title) ?? heading ?? name.replace(/^\d{4}-\d{2}-\d{2}-/, '').replace(/[-_]+/g, ' ');
    const date = dayOf(data.date) ?? dayOf(name);
    if (!date) notes.push({ kind: 'unconverted', file, line: 1, message: `no date in the front matter or file name; dated ${options.today}.` });
    posts.push({
      source: file,
      slug: slugOf(text(data.slug) ?? name.replace(/^\d{4}-\d{2}-\d{2}-/, '')) || slugOf(title),
      title,
      date: date ?? options.today,
      tags: [...new Set([...wordList(data.tags, /,/), ...wordList(data.categories, /,/)])],
      description: text(data.description) ?? text(data.summary) ?? text(data.excerpt),
      updated: dayOf(data.updated ?? data.lastmod ?? data['date-modified']),
      draft: data.draft === true || data.published === false,
      redirects: [...wordList(data.redirect_from, /\s+/), ...wordList(data.aliases, /\s+/)],
      // The layout shows the title as the page's heading: a first `# heading` that is the title goes.
      body: !text(data.title) && heading ? split.body.replace(/^#\s+.+$/m, '') : split.body,
      bodyLine: split.bodyLine,
      names: [],
    });
  }
  return assemble({ source: 'Markdown folder', conversions: ['indented-code'], baseUrl: '', staticDirs: [] }, posts, files, notes);
}
