import { createRequire } from 'node:module';
import path from 'node:path';
import { HtmlBasePlugin, type UserConfig } from '@11ty/eleventy';
import syntaxHighlight from '@11ty/eleventy-plugin-syntaxhighlight';
import { createMarkdown } from './src/markdown/index.js';
import { loadSettings } from './src/settings.js';
import { buildReport, printDiagnostics } from './src/build/report.js';
import { registerFilters } from './src/filters/index.js';
import { POSTS_GLOB, byDateDescending, type PostLike } from './src/collections.js';

const require = createRequire(import.meta.url);
const katexDist = path.dirname(require.resolve('katex/dist/katex.min.css'));

/** Wiring only: every piece of logic lives in src/ where tests reach it directly. */
export default function (eleventyConfig: UserConfig) {
  const settings = loadSettings();
  const lemma = createMarkdown({ macros: settings.math.macros, numbering: settings.math.numbering, onDocument: (state) => buildReport.record(state) });

  eleventyConfig.setLibrary('md', lemma.md);
  eleventyConfig.addGlobalData('site', settings);
  eleventyConfig.addPlugin(HtmlBasePlugin);
  // Markdown is highlighted by the factory; the plugin adds {% highlight %} for templates.
  eleventyConfig.addPlugin(syntaxHighlight, { templateFormats: ['njk'] });
  registerFilters(eleventyConfig, buildReport);

  eleventyConfig.addCollection('posts', (api: { getFilteredByGlob(glob: string): PostLike[] }) =>
    byDateDescending(api.getFilteredByGlob(POSTS_GLOB)),
  );

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
  eleventyConfig.on('eleventy.before', ({ incremental }: { incremental?: boolean }) => {
    if (!incremental) buildReport.reset();
  });
  // While serving, show the author every problem after each rebuild (`lemma build` prints its own).
  eleventyConfig.on('eleventy.after', ({ runMode }: { runMode?: string }) => {
    if (runMode === 'serve' || runMode === 'watch') printDiagnostics(buildReport);
  });

  return {
    dir: { input: '.', includes: 'site/_includes', data: 'site/_data', output: '_site' },
    templateFormats: ['md', 'njk'],
    // Never run Markdown through a template engine first: `{{` and `{%` are common in TeX.
    markdownTemplateEngine: false,
    htmlTemplateEngine: 'njk',
    pathPrefix: settings.pathPrefix,
  };
}
