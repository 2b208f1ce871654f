import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../markdown/diagnostics.js';
import { displayPath } from '../markdown/source-lines.js';
import { redirectCollisions } from './redirects.js';
import { validateFrontMatter, type FrontMatterResult, type PostFrontMatter } from './front-matter.js';
import { frontMatterLanguage, isJavaScriptLanguage } from './javascript-policy.js';
import { conflictOf, permalinkProblem, sitePageUrls } from './output-paths.js';
import { isMissingFrontMatter, isNotebook, notebookFrontMatter, notebooksEmbeddedIn } from '../notebook/post-index.js';

import { POSTS_DIR } from './posts-dir.js';
export { POSTS_DIR };

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

/** Images copied from posts/ keep their place in the site: `posts/series/fig.svg` → `/posts/series/fig.svg`. */
export const COPIED_IMAGE = /\.(png|jpe?g|gif|svg|webp|avif)$/i;

function copiedFiles(root: string): Set<string> {
  let entries: string[];
  try {
    entries = readdirSync(path.join(root, POSTS_DIR), { recursive: true, encoding: 'utf8' });
  } catch {
    return new Set();
  }
  return new Set(entries.filter((e) => COPIED_IMAGE.test(e)).map((e) => `${POSTS_DIR}/${e.split(path.sep).join('/')}`));
}

/**
 * Read and validate every post before Eleventy writes anything. Throws a
 * FrontMatterError listing all problems, including two posts that would share a URL.
 */
export function indexPosts(root = process.cwd(), stream: NodeJS.WritableStream = process.stderr): IndexedPost[] {
  const { posts, problems, warnings } = collectPosts(root);
  if (problems.length) throw new FrontMatterError(problems);
  for (const warning of warnings) stream.write(`${formatDiagnostic(warning)}\n`);
  return posts;
}

/**
 * A build validates every post twice (before Eleventy starts, and from its `before`
 * event), and the development server on every rebuild: parse the YAML of a file again
 * only when its text changed.
 */
const validated = new Map<string, { text: string; result: FrontMatterResult }>();

/** The file's line holding its first byte that is not UTF-8, if any. */
export function firstNonUtf8Line(bytes: Buffer): number | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    try {
      decoder.decode(bytes.subarray(start, stop));
    } catch {
      return line;
    }
    if (end < 0) return undefined;
    start = end + 1;
  }
  return undefined;
}

function validatedFrontMatter(absolutePath: string, file: string): FrontMatterResult {
  // Notebooks are read (and kept while unchanged) by src/notebook/load.ts.
  if (isNotebook(file)) return notebookFrontMatter(absolutePath, file);
  const bytes = readFileSync(absolutePath);
  const badLine = firstNonUtf8Line(bytes);
  if (badLine !== undefined) {
    const message = 'this file is not UTF-8 text (saved as Latin-1 or Windows-1252?): its characters would come out garbled. Save it as UTF-8 in your editor.';
    return { problems: [{ severity: 'error', kind: 'front-matter', file, line: badLine, message }] };
  }
  const text = bytes.toString('utf8');
  // Diagnostics name the file as given: it is part of the key.
  const key = `${absolutePath}\n${file}`;
  const known = validated.get(key);
  if (known?.text === text) return known.result;
  // JavaScript front matter reached this far only where the settings allow it (see
  // src/site/javascript-policy.ts): its data exists once Eleventy runs it, so Eleventy checks it.
  const result = isJavaScriptLanguage(frontMatterLanguage(text)) ? { problems: [] } : validateFrontMatter(file, text);
  validated.set(key, { text, result });
  return result;
}

/** Every post whose front matter is valid, and every problem found (in file order). */
export function collectPosts(root = process.cwd()): { posts: IndexedPost[]; problems: Diagnostic[]; warnings: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const posts: IndexedPost[] = [];
  const lines = new Map<string, Record<string, number>>();
  const permalinkLine = (file: string) => lines.get(file)?.permalink ?? 1;
  const pages = sitePageUrls(root);
  const copied = copiedFiles(root);
  const files = postFiles(root);
  // A notebook without front matter that a post embeds is part of that post, not a post.
  const embedded = notebooksEmbeddedIn(files.filter((f) => !isNotebook(f)), root);
  for (const file of files) {
    const result = validatedFrontMatter(path.join(root, file), file);
    if (embedded.has(file) && result.problems.length === 1 && isMissingFrontMatter(result.problems[0])) continue;
    problems.push(...result.problems);
    warnings.push(...(result.warnings ?? []));
    if (result.lines) lines.set(file, result.lines);
    if (!result.data) continue;
    // Where the post is written: inside the site, on a path nothing else claims.
    const { permalink } = result.data;
    const wrong = permalink === undefined ? undefined : permalinkProblem(permalink);
    const url = postUrl(file, permalink);
    const conflict = wrong ? undefined : conflictOf(url, pages, copied);
    if (wrong || conflict) {
      const message = wrong ?? `this post would be published at ${url}, which ${conflict} already writes. Give the post another permalink.`;
      problems.push({ severity: 'error', kind: 'front-matter', file, line: permalinkLine(file), message: `front matter "permalink": ${message}` });
      continue;
    }
    posts.push({ file, url, data: result.data });
  }
  // Two images one file on macOS and Windows (`Fig.png`, `fig.png`): one would overwrite the other.
  const images = new Map<string, string>();
  for (const image of [...copied].sort()) {
    const first = images.get(image.toLowerCase());
    if (first) problems.push({ severity: 'error', kind: 'front-matter', file: image, line: 1, message: `this image and ${first} would both be copied to /${image} on a case-insensitive disk (macOS, Windows). Rename one.` });
    else images.set(image.toLowerCase(), image);
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
        line: permalinkLine(post.file),
        message: `front matter "permalink": this post and ${first.file} would both be published at ${post.url}. Rename one file or give it its own permalink.`,
      });
    }
  }
  // Old URLs (redirect_from / aliases) must not land on a post or on each other.
  problems.push(...redirectCollisions(posts, (file, field) => fieldLine(path.join(root, file), field)));
  return { posts, problems, warnings };
}

/** 1-based line of a top-level front matter field in the file (1 when it cannot be found). */
function fieldLine(absolutePath: string, field: string): number {
  const lines = readFileSync(absolutePath, 'utf8').split(/\r?\n/);
  const at = lines.findIndex((line, i) => i > 0 && line.startsWith(`${field}:`));
  return at < 0 ? 1 : at + 1;
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

  /** The posts left out for their front matter (project-relative). */
  invalidFiles(): string[] {
    return [...this.invalid];
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
  const { posts, problems, warnings } = collectPosts();
  if (problems.length && production) throw new FrontMatterError(problems);
  // A production build printed its warnings before Eleventy started (indexPosts).
  if (!production) for (const warning of warnings) stream.write(`${formatDiagnostic(warning)}\n`);
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
 * A YAML front matter engine (`parse`) for Eleventy, but for a post already reported and about to be
 * skipped: Eleventy would stop the whole rebuild on its YAML (and every later one, until
 * it is fixed), where the development server is to go on with the other posts.
 * Anything else that fails to parse still stops the build.
 */
export function frontMatterYaml(urls: PostUrls, parse: (text: string) => unknown) {
  return (text: string, options?: { filePath?: string }): unknown => {
    try {
      return parse(text);
    } catch (err) {
      if (options?.filePath && urls.isInvalid(displayPath(options.filePath))) return {};
      throw err;
    }
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
