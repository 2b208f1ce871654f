import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../markdown/index.js';
import { displayPath } from '../markdown/source-lines.js';
import { validateFrontMatter, type FrontMatterResult, type PostFrontMatter } from './front-matter.js';
import { isMissingFrontMatter, isNotebook, notebookFrontMatter, notebooksEmbeddedIn } from '../notebook/post-index.js';

/** Where posts live, relative to the project root. */
export const POSTS_DIR = 'posts';

export interface IndexedPost {
  /** Project-relative source path, e.g. `posts/softmax.md`. */
  file: string;
  /** Site URL without path prefix, e.g. `/posts/softmax/`. */
  url: string;
  data: PostFrontMatter;
}

/** The build stops: every problem found, each naming file, line and field. */
export class FrontMatterError extends Error {
  constructor(readonly problems: Diagnostic[]) {
    super(
      `${problems.map(formatDiagnostic).join('\n')}\n\n` +
        `Build stopped: ${problems.length} front matter problem(s). Nothing was written; fix the lines above and build again.`,
    );
    this.name = 'FrontMatterError';
  }
}

/** The URL Eleventy gives a post: its `permalink`, else its path (`posts/a.md`, `posts/a.ipynb`, `posts/a/index.md` → `/posts/a/`). */
export function postUrl(file: string, permalink?: string): string {
  if (permalink) {
    const url = `/${permalink.replace(/^\/+/, '')}`;
    return url.endsWith('/index.html') ? url.slice(0, -'index.html'.length) : url;
  }
  const withoutExt = file.replace(/\.(md|ipynb)$/, '');
  const dir = path.posix.basename(withoutExt) === 'index' ? path.posix.dirname(withoutExt) : withoutExt;
  return `/${dir}/`;
}

/** Every Markdown file and notebook under posts/, project-relative with forward slashes, sorted. */
function postFiles(root: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(path.join(root, POSTS_DIR), { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => (entry.endsWith('.md') || isNotebook(entry)) && !entry.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules'))
    .map((entry) => `${POSTS_DIR}/${entry.split(path.sep).join('/')}`)
    .sort();
}

/**
 * Read and validate every post before Eleventy writes anything. Throws a
 * FrontMatterError listing all problems, including two posts that would share a URL.
 */
export function indexPosts(root = process.cwd()): IndexedPost[] {
  const { posts, problems } = collectPosts(root);
  if (problems.length) throw new FrontMatterError(problems);
  return posts;
}

/**
 * A build validates every post twice (before Eleventy starts, and from its `before`
 * event), and the development server on every rebuild: parse the YAML of a file again
 * only when its text changed.
 */
const validated = new Map<string, { text: string; result: FrontMatterResult }>();

function validatedFrontMatter(absolutePath: string, file: string): FrontMatterResult {
  // Notebooks are read (and kept while unchanged) by src/notebook/load.ts.
  if (isNotebook(file)) return notebookFrontMatter(absolutePath, file);
  const text = readFileSync(absolutePath, 'utf8');
  // Diagnostics name the file as given: it is part of the key.
  const key = `${absolutePath}\n${file}`;
  const known = validated.get(key);
  if (known?.text === text) return known.result;
  const result = validateFrontMatter(file, text);
  validated.set(key, { text, result });
  return result;
}

/** Every post whose front matter is valid, and every problem found (in file order). */
export function collectPosts(root = process.cwd()): { posts: IndexedPost[]; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const posts: IndexedPost[] = [];
  const files = postFiles(root);
  // A notebook without front matter that a post embeds is part of that post, not a post.
  const embedded = notebooksEmbeddedIn(files.filter((f) => !isNotebook(f)), root);
  for (const file of files) {
    const result = validatedFrontMatter(path.join(root, file), file);
    if (embedded.has(file) && result.problems.length === 1 && isMissingFrontMatter(result.problems[0])) continue;
    problems.push(...result.problems);
    if (result.data) posts.push({ file, url: postUrl(file, result.data.permalink), data: result.data });
  }
  // URLs compare case-insensitively: on macOS and Windows the two outputs would be one file.
  const owners = new Map<string, IndexedPost>();
  for (const post of posts) {
    const key = post.url.toLowerCase();
    const first = owners.get(key);
    if (!first) owners.set(key, post);
    else {
      problems.push({
        severity: 'error',
        kind: 'front-matter',
        file: post.file,
        line: 1,
        message: `front matter "permalink": this post and ${first.file} would both be published at ${post.url}. Rename one file or give it its own permalink.`,
      });
    }
  }
  return { posts, problems };
}

/**
 * Source file → URL, for turning `[text](other-post.md)` into a link to that post; and
 * the posts whose front matter is wrong, which the development server leaves out.
 */
export class PostUrls {
  private urls = new Map<string, string>();
  private invalid = new Set<string>();
  private fingerprintText?: string;

  update<Post extends Pick<IndexedPost, 'file' | 'url'>>(posts: readonly Post[], problems: Diagnostic[] = []): void {
    this.urls = new Map(posts.map((p) => [p.file, p.url]));
    this.invalid = new Set(problems.map((p) => p.file));
    this.fingerprintText = undefined;
  }

  /**
   * A hash of every post's URL: what links between posts resolve against. Short, as
   * every document's cache key holds it (see src/markdown/document-cache.ts).
   */
  fingerprint(): string {
    this.fingerprintText ??= createHash('sha256')
      .update(JSON.stringify([...this.urls].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))
      .digest('base64url');
    return this.fingerprintText;
  }

  isInvalid(file: string): boolean {
    return this.invalid.has(file);
  }

  get(file: string): string | undefined {
    return this.urls.get(file);
  }
}

/**
 * Before every build: validate all posts. A production build stops (FrontMatterError,
 * nothing written). The development server prints the problems and keeps previewing the
 * other posts, leaving out the broken ones (see skipInvalidPosts) until they are fixed.
 */
export function validateBeforeBuild(urls: PostUrls, production: boolean, stream: NodeJS.WritableStream = process.stderr): void {
  const { posts, problems } = collectPosts();
  if (problems.length && production) throw new FrontMatterError(problems);
  urls.update(posts, problems);
  if (problems.length) {
    stream.write(`${problems.map(formatDiagnostic).join('\n')}\n${problems.length} front matter problem(s): these posts are left out until fixed.\n`);
  }
}

/** Eleventy preprocessor: skip a post whose front matter failed validation (development only). */
export function skipInvalidPosts(urls: PostUrls) {
  return function (this: { inputPath: string }): false | undefined {
    return urls.isInvalid(displayPath(this.inputPath)) ? false : undefined;
  };
}

/**
 * Eleventy date parser: Eleventy reads a post's `date` before any preprocessor runs, and
 * stops the whole build on one it cannot read. For a post already reported and about to
 * be skipped, give it a harmless date so the development server keeps serving the rest.
 */
export function placeholderDateForInvalidPosts(urls: PostUrls) {
  return function (this: { page?: { inputPath?: string } }): Date | undefined {
    const inputPath = this.page?.inputPath;
    return inputPath && urls.isInvalid(displayPath(inputPath)) ? new Date(0) : undefined;
  };
}
