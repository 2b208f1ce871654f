import { createRequire } from 'node:module';
import path from 'node:path';
import { HtmlBasePlugin, type UserConfig } from '@11ty/eleventy';
import syntaxHighlight from '@11ty/eleventy-plugin-syntaxhighlight';
import rssPlugin from '@11ty/eleventy-plugin-rss';
import { createMarkdown } from './src/markdown/index.js';
import { loadSettings } from './src/settings.js';
import { buildReport } from './src/build/report.js';
import { saveBuildReport, type BuildDirectories } from './src/build/report-file.js';
import { pagesForSearch, writeMathIntoPages, type WrittenPage } from './src/build/write-math.js';
import { mathTable } from './src/markdown/math-table.js';
import { devCheck } from './src/check/dev.js';
import { afterDevBuild } from './src/build/dev-loop.js';
import { devOutputs } from './src/build/dev-outputs.js';
import { devServerGuard } from './src/build/dev-server-guard.js';
import { devSearchIndex } from './src/site/dev-search-index.js';
import { registerFilters } from './src/filters/index.js';
import { contentIgnores, POSTS_GLOB, byDateDescending, tagList, type PostLike } from './src/collections.js';
import { registerSiteFilters } from './src/filters/site.js';
import { PostUrls, frontMatterYaml, placeholderDateForInvalidPosts, skipInvalidPosts, validateBeforeBuild } from './src/site/post-index.js';
import { relativeLinksContext, relativeLinksPlugin } from './src/site/relative-links.js';
import { publishingRules, skipUnpublished } from './src/site/publishing.js';
import { postRedirects, redirectPermalink } from './src/site/redirects.js';
import { assertJavaScriptAllowed, guardedJavaScriptEngines, javaScriptPolicy } from './src/site/javascript-policy.js';
import { eleventyYamlEngine } from './src/site/front-matter-yaml.js';
import { parsePostDate } from './src/site/front-matter.js';
import { assertNoEscapingLinks } from './src/site/symlinks.js';
import { OutputPathError, pagesOutsideOutput } from './src/site/output-paths.js';
import { buildSearchIndex, searchableHtml, searchOrder, siteSearchIndex } from './src/site/search-index.js';
import { notebookEmbedContext, notebookEmbedPlugin } from './src/notebook/embed.js';
import { notebookExtension, recordNotebookEmbeds, skipNonPostNotebooks, writeNotebookImages } from './src/notebook/eleventy.js';
import { notebookImages } from './src/notebook/images.js';
import { siteImages } from './src/site/image-step.js';

const require = createRequire(import.meta.url);
const katexDist = path.dirname(require.resolve('katex/dist/katex.min.css'));

/** Wiring only: every piece of logic lives in src/ where tests reach it directly. */
export default function (eleventyConfig: UserConfig) {
  const settings = loadSettings();
  const rules = publishingRules();
  const postUrls = new PostUrls();
  // JavaScript front matter and data files run at build time: refused in posts unless the
  // settings allow them, everywhere for untrusted changes (src/site/javascript-policy.ts).
  const jsPolicy = () => javaScriptPolicy(settings.allowJavaScriptInPosts);
  assertJavaScriptAllowed(process.cwd(), jsPolicy());
  // Eleventy reads the YAML exactly as the validator did (src/site/front-matter-yaml.ts),
  // and skips a post already reported instead of stopping the dev server (post-index.ts).
  eleventyConfig.setFrontMatterParsingOptions({
    engines: {
      ...guardedJavaScriptEngines(eleventyConfig.frontMatterParsingOptions.engines, jsPolicy),
      yaml: frontMatterYaml(postUrls, eleventyYamlEngine(parsePostDate)),
    },
  });
  // Equations stay placeholders until the pages are written (memory; see src/markdown/math-table.ts).
  const lemma = createMarkdown({
    macros: settings.math.macros,
    numbering: settings.math.numbering,
    citations: settings.citations,
    mathTable,
    // Unchanged posts come whole from the render cache; links between posts depend on their URLs.
    documentCache: { context: (src, file) => relativeLinksContext(postUrls) + notebookEmbedContext(src, file) },
    onDocument: (state) => buildReport.record(state),
  });

  // `[text](other-post.md)` and `![](diagram.png)` work as they do in GitHub's preview.
  lemma.md.use(relativeLinksPlugin, postUrls);
  // `::: notebook analysis.ipynb cells=2:` shows a notebook's cells in a Markdown post.
  lemma.md.use(notebookEmbedPlugin);
  eleventyConfig.setLibrary('md', lemma.md);
  eleventyConfig.addGlobalData('site', settings);
  eleventyConfig.addPlugin(HtmlBasePlugin);
  // Markdown is highlighted by the factory; the plugin adds {% highlight %} for templates.
  eleventyConfig.addPlugin(syntaxHighlight, { templateFormats: ['njk'] });
  registerFilters(eleventyConfig, buildReport);
  registerSiteFilters(eleventyConfig, settings, rules);
  eleventyConfig.addPlugin(rssPlugin);

  // A production build never writes drafts, nor posts dated after the build day.
  eleventyConfig.addPreprocessor('lemma-publishing', 'md,ipynb', skipUnpublished(rules));
  eleventyConfig.addPreprocessor('lemma-invalid-posts', 'md,ipynb', skipInvalidPosts(postUrls));
  // Notebooks (posts/<slug>.ipynb) are posts: their cells go through the same Markdown
  // stage; their figures are written beside the page (src/notebook/).
  const { frontMatterParsingOptions } = eleventyConfig as unknown as { frontMatterParsingOptions?: object };
  eleventyConfig.addExtension('ipynb', notebookExtension(lemma, () => frontMatterParsingOptions));
  eleventyConfig.addPreprocessor('lemma-notebook-pages', 'ipynb', skipNonPostNotebooks);
  eleventyConfig.addPreprocessor('lemma-notebook-embeds', 'md', recordNotebookEmbeds);
  eleventyConfig.addTransform('lemma-notebook-images', writeNotebookImages);
  eleventyConfig.addDateParsing(placeholderDateForInvalidPosts(postUrls));

  eleventyConfig.addCollection('posts', (api: { getFilteredByGlob(glob: string): PostLike[] }) =>
    byDateDescending(api.getFilteredByGlob(POSTS_GLOB)),
  );
  // Old URLs (`redirect_from:` / `aliases:`) → a redirect page each (site/pages/redirects.njk).
  eleventyConfig.addCollection('redirects', (api: { getFilteredByGlob(glob: string): PostLike[] }) => postRedirects(api.getFilteredByGlob(POSTS_GLOB)));
  eleventyConfig.addFilter('redirectPermalink', (from: string) => redirectPermalink(from));
  // One entry per tag (name, slug, count, posts) for /tags/ and the paginated /tags/<tag>/.
  eleventyConfig.addCollection('tagList', (api: { getFilteredByGlob(glob: string): PostLike[] }) => tagList(api.getFilteredByGlob(POSTS_GLOB)));

  // Posts (posts/<slug>.md → /posts/<slug>/) get the post layout without a data file;
  // every other page names its own layout.
  eleventyConfig.addGlobalData('layout', 'layouts/post.njk');

  // Posts cite from .bib files: editing one rebuilds (their text is in the posts' cache keys).
  eleventyConfig.addWatchTarget('posts/**/*.bib');
  if (settings.citations.bibliography) eleventyConfig.addWatchTarget(settings.citations.bibliography);
  // A symlink (inside the project: see src/site/symlinks.ts) is copied as the file it points at.
  const dereference = { expand: true };
  eleventyConfig.addPassthroughCopy({ 'site/assets': 'assets' }, dereference);
  eleventyConfig.addPassthroughCopy({ [path.join(katexDist, 'katex.min.css')]: 'assets/katex/katex.min.css' });
  eleventyConfig.addPassthroughCopy({ [path.join(katexDist, 'fonts/*.woff2')]: 'assets/katex/fonts' });
  // Images and files beside the posts, at the same path (posts/series/plot.png → /posts/series/plot.png).
  eleventyConfig.addPassthroughCopy('posts/**/*.{png,jpg,jpeg,gif,svg,webp,avif,pdf,zip,csv,mp4,webm,mp3}', dereference);

  // Only posts/ and site/pages/ are content: a README, CONTRIBUTING.md or docs/*.md is never
  // a page (nor its front matter read); posts are Markdown only (a template could run code).
  for (const ignored of contentIgnores()) eleventyConfig.ignores.add(ignored);
  // The build writes its caches and report there: never a reason to rebuild.
  eleventyConfig.ignores.add('.cache/**');
  eleventyConfig.watchIgnores.add('.cache/**');
  let forSearch = pagesForSearch(mathTable, searchableHtml);
  eleventyConfig.on('eleventy.before', ({ incremental, directories }: { incremental?: boolean; directories: BuildDirectories }) => {
    siteImages.begin(directories.output);
    if (!incremental) {
      buildReport.reset();
      mathTable.clear();
      notebookImages.reset();
      forSearch = pagesForSearch(mathTable, searchableHtml);
    }
    // Validate every post's front matter before anything is written (a build stops, naming file and field).
    // Files added while serving are seen here, before Eleventy reads any data file.
    assertJavaScriptAllowed(process.cwd(), jsPolicy());
    assertNoEscapingLinks();
    validateBeforeBuild(postUrls, rules.production);
  });
  // A production build (`build()` starts the index) hands Pagefind each page as soon as
  // it is finished, in an order known once Eleventy knows every page's URL.
  // The dev server's index takes the same order, so it is the same files.
  let pageOrder: string[] | undefined;
  eleventyConfig.on('eleventy.contentMap', ({ inputPathToUrl }: { inputPathToUrl: Record<string, unknown[]> }) => {
    const outside = pagesOutsideOutput(inputPathToUrl);
    if (outside.length) throw new OutputPathError(outside);
    pageOrder = searchOrder(inputPathToUrl);
    if (siteSearchIndex.active) siteSearchIndex.expect(pageOrder);
  });
  // Images beside posts: sizes, modern formats, lazy loading (see src/site/image-markup.ts).
  eleventyConfig.addTransform('lemma-images', function (this: { page: { inputPath: string; outputPath: string | false } }, content: string) {
    return siteImages.page(content, this.page, settings.pathPrefix, buildReport);
  });
  // The last transform: the page as it will be written (but for its equations).
  eleventyConfig.addTransform('lemma-search-index', function (this: { page: { url: string | false } }, content: string) {
    if (siteSearchIndex.active && typeof this.page.url === 'string') siteSearchIndex.add(this.page.url, () => forSearch(content));
    return content;
  });
  // Once a rebuild is written and the browser reloaded: its search index, then its check.
  eleventyConfig.on('eleventy.afterwatch', () => afterDevBuild());
  // In this order, before anything reads a page from disk: complete the pages with their
  // equations, save the report for `lemma check` (while serving, the same check prints
  // after every rebuild), then index the site for search.
  eleventyConfig.on('eleventy.after', async ({ runMode, results, directories }: { runMode?: string; results: WrittenPage[]; directories: BuildDirectories }) => {
    await writeMathIntoPages(results, mathTable);
    const report = saveBuildReport(buildReport, { results, directories, pathPrefix: settings.pathPrefix });
    // A production build finishes its streamed index itself. The dev server's rebuilds
    // have only the pages they rebuilt: Pagefind reads them all from disk, after the reload.
    if (runMode === 'serve' || runMode === 'watch') {
      // Pages a post no longer writes (another permalink) go (see src/build/dev-outputs.ts).
      devOutputs.built(results, directories.output);
      devOutputs.leftOut(postUrls.invalidFiles());
      devCheck.built(report, settings);
      devSearchIndex.due(directories.output, pageOrder);
    } else if (!siteSearchIndex.active) {
      await buildSearchIndex(directories.output);
    }
  });
  // Pages reach the browser complete only once written: reload them, never patch them in.
  // Bad paths get 400/404, and nothing outside _site/ is served (src/build/dev-server-guard.ts).
  eleventyConfig.setServerOptions({ domDiff: false, middleware: [devServerGuard(() => eleventyConfig.directories?.output ?? '_site', settings.pathPrefix)] });

  return {
    dir: { input: '.', includes: 'site/_includes', data: 'site/_data', output: '_site' },
    templateFormats: ['md', 'njk', 'ipynb'],
    // Never run Markdown through a template engine first: `{{` and `{%` are common in TeX.
    markdownTemplateEngine: false,
    htmlTemplateEngine: 'njk',
    pathPrefix: settings.pathPrefix,
  };
}
