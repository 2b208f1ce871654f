// The baseline Lemma is measured against: a plain Eleventy blog with markdown-it, the
// stock @mdit/plugin-katex and the official syntax-highlight plugin, as most math blogs
// on Eleventy are set up. Kept deliberately ordinary: no cache, no workers.
import { katex } from '@mdit/plugin-katex';
import syntaxHighlight from '@11ty/eleventy-plugin-syntaxhighlight';

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(syntaxHighlight);
  eleventyConfig.amendLibrary('md', (md) => md.use(katex, { output: 'htmlAndMathml' }));
  eleventyConfig.addGlobalData('layout', 'post.njk');
  eleventyConfig.addCollection('posts', (api) => api.getFilteredByGlob('./posts/*.md').reverse());
  return {
    dir: { input: '.', includes: '_includes', output: '_site' },
    templateFormats: ['md', 'njk'],
    // TeX is full of `{{` and `{%`: Markdown must not go through a template engine.
    markdownTemplateEngine: false,
    htmlTemplateEngine: 'njk',
  };
}
