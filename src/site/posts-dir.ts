/** Where posts live, relative to the project root (its own module: `lemma new` loads nothing else). */
export const POSTS_DIR = 'posts';
