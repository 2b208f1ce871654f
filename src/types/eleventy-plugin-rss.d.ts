// @11ty/eleventy-plugin-rss ships no types: the parts Lemma uses.
declare module '@11ty/eleventy-plugin-rss' {
  const rssPlugin: (eleventyConfig: unknown, options?: Record<string, unknown>) => void;
  export default rssPlugin;
  export function dateToRfc3339(date: Date): string;
  export function getNewestCollectionItemDate(items: Array<{ date: Date }>): Date;
  export function absoluteUrl(url: string, base: string): string;
}
