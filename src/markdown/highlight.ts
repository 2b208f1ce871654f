import { createRequire } from 'node:module';
import { renderCache } from './render-cache.js';

const require = createRequire(import.meta.url);
const PLUGIN = '@11ty/eleventy-plugin-syntaxhighlight/src';
/** Everything besides the code and its info string that changes the HTML: the cache key. */
const HIGHLIGHTER_ID = [
  `prism@${(createRequire(require.resolve(`${PLUGIN}/PrismLoader.js`))('prismjs/package.json') as { version: string }).version}`,
  `syntaxhighlight@${(require('@11ty/eleventy-plugin-syntaxhighlight/package.json') as { version: string }).version}`,
].join(' ');

type Highlighter = (code: string, language: string) => string;

/**
 * Build-time Prism highlighting, from @11ty/eleventy-plugin-syntaxhighlight's own
 * markdown highlighter, so the factory works the same with or without Eleventy.
 * Supports its ```js/1,3-4 line-highlight syntax.
 */
export function createHighlighter(): Highlighter {
  const prismHighlight = (require(`${PLUGIN}/markdownSyntaxHighlightOptions.js`) as (o: object) => Highlighter)({
    lineSeparator: '\n',
    errorOnInvalidLanguage: false,
    alwaysWrapLineHighlights: false,
    preAttributes: { tabindex: '0' },
    codeAttributes: {},
  });
  const loadLanguage = require(`${PLUGIN}/PrismLoader.js`) as (language: string) => unknown;
  return (code, info) => {
    const language = info.split('/')[0];
    // The plugin passes unknown languages (and `text`) through unescaped; returning ''
    // lets markdown-it escape them as a plain code block instead.
    if (!language || language === 'text' || !loadLanguage(language)) return '';
    return renderCache.code(code, info, HIGHLIGHTER_ID, () => prismHighlight(code, info));
  };
}
