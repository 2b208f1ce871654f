import path from 'node:path';
import { readableDate, isoDate } from './dates.js';
import { readingMinutes } from './reading-time.js';
import { katexFonts } from './katex-fonts.js';
import { mathTable } from '../markdown/math-table.js';
import { renderToc } from '../markdown/index.js';
import { displayPath } from '../markdown/source-lines.js';
import type { BuildReport } from '../build/report.js';
import type { UserConfig } from '@11ty/eleventy';

/** Register the filters the templates use. */
export function registerFilters(eleventyConfig: UserConfig, report: BuildReport): void {
  eleventyConfig.addFilter('readableDate', (date: Date) => readableDate(date));
  eleventyConfig.addFilter('isoDate', (date: Date) => isoDate(date));
  eleventyConfig.addFilter('readingMinutes', (html: string) => readingMinutes(html ?? ''));
  // The table of contents the Markdown renderer recorded for this page (empty if too short).
  eleventyConfig.addFilter('toc', (inputPath: string) => {
    const record = report.get(displayPath(inputPath));
    return record ? renderToc(record.headings) : '';
  });
  eleventyConfig.addFilter('hasMath', (inputPath: string) => (report.get(displayPath(inputPath))?.mathCount ?? 0) > 0);
  eleventyConfig.addFilter('basename', (p: string) => path.basename(p));
  // The KaTeX font files a page's visible math is drawn with, for <link rel=preload>
  // (worked out when each equation was rendered, and cached with it).
  eleventyConfig.addFilter('katexFonts', (html: string) => katexFonts(html ?? '', mathTable));
}
