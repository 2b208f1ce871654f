/** The source site as files: path relative to its folder (forward slashes) → bytes. */
export type SourceFiles = ReadonlyMap<string, Buffer>;

/** What `lemma import` writes, relative to the blog project. */
export interface ImportedPost {
  /** `posts/<slug>.md`. */
  file: string;
  text: string;
  /** The source file it came from. */
  source: string;
  /** The post's URL on the old site (answered by a redirect page from now on). */
  oldUrl?: string;
}

export interface CopiedFile {
  /** Source path in the old site. */
  from: string;
  /** `posts/<slug>/<name>`. */
  to: string;
}

/** One line of the report: something converted, or something that could not be. */
export interface ImportNote {
  kind: 'converted' | 'unconverted';
  /** Source file and 1-based line (0 when the note is about the whole file). */
  file: string;
  line: number;
  message: string;
}

export interface ImportResult {
  source: 'Jekyll' | 'Hugo' | 'Pelican' | 'Markdown folder';
  posts: ImportedPost[];
  files: CopiedFile[];
  notes: ImportNote[];
}

export interface ImportOptions {
  /** The day to date a post with no date at all (a draft), YYYY-MM-DD. */
  today: string;
}
