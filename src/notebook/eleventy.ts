import path from 'node:path';
import type { LemmaMarkdown } from '../markdown/index.js';
import { displayPath } from '../markdown/source-lines.js';
import { convertEmbed, findEmbeds } from './embed.js';
import { notebookImages, type NotebookImage } from './images.js';
import { readNotebook } from './load.js';
import { NotebookError } from './parse.js';
import { isPostPath } from '../site/publishing.js';
import { notebookFrontMatterData, notebookPost, renderNotebookPost } from './post.js';

/** Data of a notebook that is no page of its own. */
const EMBED_ONLY = 'lemmaEmbedOnlyNotebook';

/**
 * Eleventy's side of notebook posts: `posts/<slug>.ipynb` is a template whose data is
 * its front matter cell and whose content is its cells through the Markdown stage.
 */
export function notebookExtension(lemma: Pick<LemmaMarkdown, 'md'>, frontMatterOptions: () => object | undefined) {
  return {
    // Eleventy's dependency graph, reached from an engine's context only.
    init(this: { config: { uses?: DependencyGraph } }) {
      embedDependencies.connect(this.config.uses);
    },
    outputFileExtension: 'html',
    // Read (once per change) by src/notebook/load.ts, not by Eleventy: notebooks with figures are large.
    read: false,
    getData: (inputPath: string): Record<string, unknown> => {
      let data: Record<string, unknown> | undefined;
      if (!isPostPath(inputPath)) return { [EMBED_ONLY]: true };
      try {
        data = notebookFrontMatterData(readNotebook(inputPath), frontMatterOptions());
      } catch (err) {
        // Reported by the front matter check before the build (see src/site/post-index.ts).
        if (err instanceof NotebookError) return {};
        throw err;
      }
      // No front matter cell: a notebook only embedded in posts, not a page of its own.
      return data ?? { [EMBED_ONLY]: true };
    },
    compile: (_text: string, inputPath: string) => (data: object) => renderNotebookPost(lemma, notebookPost(readNotebook(inputPath)), data),
  };
}

/**
 * Eleventy preprocessor: only notebooks under posts/ with front matter are pages. One
 * without front matter is part of the posts that embed it; one elsewhere in the project
 * (a scratch notebook beside the code) is not published at all.
 */
export function skipNonPostNotebooks(this: { inputPath: string }, data: Record<string, unknown>): false | undefined {
  return data[EMBED_ONLY] === true || !isPostPath(this.inputPath) ? false : undefined;
}

interface DependencyGraph {
  addDependency(from: string, to: string[]): void;
}

/**
 * Which Markdown posts embed which notebooks, told to Eleventy so that the dev server,
 * when a notebook is saved, rebuilds the posts that show it.
 */
class EmbedDependencies {
  private graph?: DependencyGraph;
  private pending: [string, string[]][] = [];

  connect(graph: DependencyGraph | undefined): void {
    this.graph = graph;
    for (const [from, to] of this.pending.splice(0)) this.add(from, to);
  }

  add(from: string, to: string[]): void {
    if (this.graph) this.graph.addDependency(from, to);
    else this.pending.push([from, to]);
  }
}

const embedDependencies = new EmbedDependencies();

/** Eleventy preprocessor for Markdown: note the notebooks a post embeds (content unchanged). */
export function recordNotebookEmbeds(this: { inputPath: string }, _data: unknown, content: unknown): undefined {
  if (typeof content !== 'string') return undefined;
  const targets = findEmbeds(content, displayPath(this.inputPath)).map((e) => `./${e.target}`);
  if (targets.length) embedDependencies.add(this.inputPath, targets);
  return undefined;
}

/** The images a page shows from notebooks: its own (a notebook post) or its embeds'. */
export function pageNotebookImages(page: { inputPath: string; rawInput?: unknown }): NotebookImage[] {
  if (page.inputPath.endsWith('.ipynb')) return notebookPost(readNotebook(page.inputPath)).images;
  if (typeof page.rawInput !== 'string') return [];
  const images: NotebookImage[] = [];
  for (const embed of findEmbeds(page.rawInput, displayPath(page.inputPath))) {
    const converted = convertEmbed(embed);
    if (!('error' in converted)) images.push(...converted.images);
  }
  return images;
}

/**
 * Eleventy transform: write the page's notebook images beside it (every build, whether
 * its HTML came from the render cache or not), then pass the page on unchanged.
 */
export function writeNotebookImages(this: { page: { inputPath: string; outputPath: string | false; rawInput?: unknown } }, content: string): string {
  const { page } = this;
  if (typeof page.outputPath === 'string' && page.outputPath.endsWith('.html')) {
    const images = pageNotebookImages(page);
    if (images.length) notebookImages.write(path.dirname(page.outputPath), images);
  }
  return content;
}
