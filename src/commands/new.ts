import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import slugify from '@sindresorhus/slugify';
import { stringify } from 'yaml';
import { buildDate, dayOf } from '../site/build-date.js';
import { POSTS_DIR } from '../site/posts-dir.js';
import type { CommandContext } from './types.js';

/** The text of a new post: front matter filled in, a line of body to replace. */
export function newPostText(title: string, day: string, draft: boolean): string {
  return [
    '---',
    // YAML-quoted when needed: titles with ":" or "#" stay one string.
    `title: ${stringify(title).trimEnd()}`,
    `date: ${day}`,
    '# description: One sentence for the post list, feeds and search engines.',
    'tags: []',
    ...(draft ? ['draft: true'] : []),
    '---',
    'Write here. Inline math like $e^{i\\pi} + 1 = 0$, display math between `$$` lines.',
    '',
  ].join('\n');
}

/** `lemma new "Title" [--draft] [--date YYYY-MM-DD]`: create posts/<slug>.md, never overwriting. */
export async function newCommand({ values, args }: CommandContext): Promise<number> {
  const title = args.join(' ').trim();
  if (!title) {
    console.error('Usage: npm run new -- "My post title"   (creates posts/my-post-title.md)');
    return 2;
  }
  const slug = slugify(title);
  if (!slug) {
    console.error(`Cannot make a file name from "${title}": use a title with letters or digits.`);
    return 2;
  }
  const file = path.posix.join(POSTS_DIR, `${slug}.md`);
  mkdirSync(POSTS_DIR, { recursive: true });
  try {
    // `wx` fails when the file exists, so an existing post is never overwritten.
    writeFileSync(file, newPostText(title, dayOf(buildDate()), values.draft === true), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      console.error(`${file} already exists; nothing was written. Pick another title, or edit that file.`);
      return 1;
    }
    throw err;
  }
  console.log(`Created ${file}. Preview it with: npm start`);
  return 0;
}
