import { buildDate, dayOf } from './build-date.js';
import { parsePostDate } from './front-matter.js';

/**
 * Which posts a build publishes. A production build (`lemma build`) leaves out drafts
 * and posts dated after the build day; the development server (`lemma serve`) builds
 * them all so the author can preview them, and the layouts mark them.
 */
export interface PublishingRules {
  /** True for `lemma build`: drafts and scheduled posts are not written at all. */
  production: boolean;
  /** UTC midnight of the build day. */
  today: Date;
}

export interface PostStatusData {
  draft?: unknown;
  date?: unknown;
}

export type PostStatus = 'published' | 'draft' | 'scheduled';

/** Eleventy sets ELEVENTY_RUN_MODE to build, watch or serve before it loads the config. */
export function publishingRules(env: NodeJS.ProcessEnv = process.env): PublishingRules {
  return { production: (env.ELEVENTY_RUN_MODE ?? 'build') === 'build', today: buildDate(env) };
}

/** A post is scheduled while its day is after the build day (published on its day). */
export function postStatus(data: PostStatusData, today: Date): PostStatus {
  if (data.draft === true) return 'draft';
  if (data.date instanceof Date && dayOf(data.date) > dayOf(today)) return 'scheduled';
  return 'published';
}

/** Eleventy input paths of posts (`./posts/…`), as opposed to pages. */
export function isPostPath(inputPath: string): boolean {
  return /^(\.\/)?posts\//.test(inputPath);
}

/**
 * An Eleventy preprocessor for Markdown: in a production build, returns false (skip the
 * file entirely: no page, no collection entry) for drafts and posts dated after the build day.
 */
export function skipUnpublished(rules: PublishingRules) {
  return function (this: { inputPath: string }, data: { draft?: unknown; date?: unknown }): false | undefined {
    if (!rules.production || !isPostPath(this.inputPath)) return undefined;
    return isPublished({ draft: data.draft, date: parsePostDate(data.date) }, rules.today) ? undefined : false;
  };
}

/** Whether a production build writes this post. */
export function isPublished(data: PostStatusData, today: Date): boolean {
  return postStatus(data, today) === 'published';
}
