/** One page of every kind the blog has, as paths below the site's home. */
export const PAGES = {
  home: '',
  mathPost: 'posts/hello-world/',
  widePost: 'posts/wide-equations/',
  /** The layout fixture: a long numbered equation, a proof, wide code, a wrapped heading, images. */
  layoutPost: 'posts/layout/',
  imagePost: 'posts/softmax-temperature/',
  page: 'about/',
  tags: 'tags/',
  tag: 'tags/math/',
  archive: 'archive/',
  search: 'search/',
  notFound: 'no-such-page/',
} as const;

export type PageKind = keyof typeof PAGES;
