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
import { devSearchIndex } from './src/site/dev-search-index.js';
import { registerFilters } from './src/filters/index.js';
import { POSTS_GLOB, byDateDescending, tagList, type PostLike } from './src/collections.js';
import { registerSiteFilters } from './src/filters/site.js';
import { PostUrls, placeholderDateForInvalidPosts, skipInvalidPosts, validateBeforeBuild } from './src/site/post-index.js';
import { relativeLinksContext, relativeLinksPlugin } from './src/site/relative-links.js';
import { publishingRules, skipUnpublished } from './src/site/publishing.js';
import { buildSearchIndex, searchableHtml, searchOrder, siteSearchIndex } from './src/site/search-index.js';
import { siteImages } from './src/site/image-step.js';

const require = createRequire(import.meta.url);
const katexDist = path.dirname(require.resolve('katex/dist/katex.min.css'));

/** Wiring only: every piece of logic lives in src/ where tests reach it directly. */
export default function (eleventyConfig: UserConfig) {
  const settings = loadSettings();
  const rules = publishingRules();
  const postUrls = new PostUrls();
  // Equations stay placeholders until the pages are written (memory; see src/markdown/math-table.ts).
  const lemma = createMarkdown({
    macros: settings.math.macros,
    numbering: settings.math.numbering,
    mathTable,
    // Unchanged posts come whole from the render cache; links between posts depend on their URLs.
    documentCache: { context: () => relativeLinksContext(postUrls) },
    onDocument: (state) => buildReport.record(state),
  });

  // `[text](other-post.md)` and `![](diagram.png)` work as they do in GitHub's preview.
  lemma.md.use(relativeLinksPlugin, postUrls);
  eleventyConfig.setLibrary('md', lemma.md);
  eleventyConfig.addGlobalData('site', settings);
  eleventyConfig.addPlugin(HtmlBasePlugin);
  // Markdown is highlighted by the factory; the plugin adds {% highlight %} for templates.
  eleventyConfig.addPlugin(syntaxHighlight, { templateFormats: ['njk'] });
  registerFilters(eleventyConfig, buildReport);
  registerSiteFilters(eleventyConfig, settings, rules);
  eleventyConfig.addPlugin(rssPlugin);

  // A production build never writes drafts, nor posts dated after the build day.
  eleventyConfig.addPreprocessor('lemma-publishing', 'md', skipUnpublished(rules));
  eleventyConfig.addPreprocessor('lemma-invalid-posts', 'md', skipInvalidPosts(postUrls));
  eleventyConfig.addDateParsing(placeholderDateForInvalidPosts(postUrls));

  eleventyConfig.addCollection('posts', (api: { getFilteredByGlob(glob: string): PostLike[] }) =>
    byDateDescending(api.getFilteredByGlob(POSTS_GLOB)),
  );
  // One entry per tag (name, slug, count, posts) for /tags/ and the paginated /tags/<tag>/.
  eleventyConfig.addCollection('tagList', (api: { getFilteredByGlob(glob: string): PostLike[] }) => tagList(api.getFilteredByGlob(POSTS_GLOB)));

  // Posts (posts/<slug>.md → /posts/<slug>/) get the post layout without a data file;
  // every other page names its own layout.
  eleventyConfig.addGlobalData('layout', 'layouts/post.njk');

  eleventyConfig.addPassthroughCopy({ 'site/assets': 'assets' });
  eleventyConfig.addPassthroughCopy({ [path.join(katexDist, 'katex.min.css')]: 'assets/katex/katex.min.css' });
  eleventyConfig.addPassthroughCopy({ [path.join(katexDist, 'fonts/*.woff2')]: 'assets/katex/fonts' });
  eleventyConfig.addPassthroughCopy({ 'posts/**/*.{png,jpg,jpeg,gif,svg,webp,avif}': 'posts' });

  for (const ignored of ['README.md', 'CHANGELOG.md', 'LICENSE.md', '__tests__/**', 'bench/**', 'dist/**', 'src/**', '.github/**', 'node_modules/**', '_site/**']) {
    eleventyConfig.ignores.add(ignored);
  }
  // The build writes its caches and report there: never a reason to rebuild.
  eleventyConfig.ignores.add('.cache/**');
  eleventyConfig.watchIgnores.add('.cache/**');
  let forSearch = pagesForSearch(mathTable, searchableHtml);
  eleventyConfig.on('eleventy.before', ({ incremental, directories }: { incremental?: boolean; directories: BuildDirectories }) => {
    siteImages.begin(directories.output);
    if (!incremental) {
      buildReport.reset();
      mathTable.clear();
      forSearch = pagesForSearch(mathTable, searchableHtml);
    }
    // Validate every post's front matter before anything is written (a build stops, naming file and field).
    validateBeforeBuild(postUrls, rules.production);
  });
  // A production build (`build()` starts the index) hands Pagefind each page as soon as
  // it is finished, in an order known once Eleventy knows every page's URL.
  eleventyConfig.on('eleventy.contentMap', ({ inputPathToUrl }: { inputPathToUrl: Record<string, unknown[]> }) => {
    if (siteSearchIndex.active) siteSearchIndex.expect(searchOrder(inputPathToUrl));
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
      devCheck.built(report, settings);
      devSearchIndex.due(directories.output);
    } else if (!siteSearchIndex.active) {
      await buildSearchIndex(directories.output);
    }
  });
  // Pages reach the browser complete only once written: reload them, never patch them in.
  eleventyConfig.setServerOptions({ domDiff: false });

  return {
    dir: { input: '.', includes: 'site/_includes', data: 'site/_data', output: '_site' },
    templateFormats: ['md', 'njk'],
    // Never run Markdown through a template engine first: `{{` and `{%` are common in TeX.
    markdownTemplateEngine: false,
    htmlTemplateEngine: 'njk',
    pathPrefix: settings.pathPrefix,
  };
}
