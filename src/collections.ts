/** The glob of post sources, relative to the project root. */
export const POSTS_GLOB = './posts/**/*.md';

export interface PostLike {
  date: Date;
  data: { draft?: boolean; title?: string };
}

/** Newest first, ties broken by title so the order is stable. */
export function byDateDescending<T extends PostLike>(posts: T[]): T[] {
  return [...posts].sort((a, b) => b.date.getTime() - a.date.getTime() || String(a.data.title).localeCompare(String(b.data.title)));
}
