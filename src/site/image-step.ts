import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildReport } from '../build/report.js';
import { displayPath } from '../markdown/source-lines.js';
import { IMAGE_CACHE_DIR, ImageProcessor, LARGE_IMAGE_BYTES } from './images.js';
import { rewriteImages } from './image-markup.js';

/**
 * The build's image step: one processor (and its cache) per process, the files it put in
 * the output folder this build (so output pruning keeps them, and each is copied once),
 * and warnings about images too large, at the Markdown line that shows them.
 */
export class SiteImages {
  processor = new ImageProcessor(path.resolve(IMAGE_CACHE_DIR));
  /** Absolute paths of the processed files this build wrote. */
  readonly written = new Set<string>();
  private outputDir = '_site';

  /** A build (or rebuild) of the project in the working directory, into `outputDir`, starts. */
  begin(outputDir: string): void {
    this.outputDir = outputDir;
    this.written.clear();
    const cacheRoot = path.resolve(IMAGE_CACHE_DIR);
    // A new processor per build: its counts are this build's (its memo is only for one build's pages).
    this.processor = new ImageProcessor(cacheRoot);
  }

  /** The page's HTML with its images rewritten (HTML pages only). */
  async page(html: string, page: { inputPath: string; outputPath: string | false }, pathPrefix: string, report: BuildReport): Promise<string> {
    if (typeof page.outputPath !== 'string' || !page.outputPath.endsWith('.html')) return html;
    const inputPath = displayPath(page.inputPath);
    return rewriteImages(
      html,
      {
        inputPath,
        pathPrefix,
        outputDir: path.resolve(this.outputDir),
        onLargeImage: (image) => {
          const name = nameOf(image.src);
          const message = `image ${name} is ${(image.bytes / 1024 / 1024).toFixed(1)} MB (${image.width}×${image.height} px): readers get smaller copies, but the site still carries the original (feeds link to it). Save it smaller, under ${LARGE_IMAGE_BYTES / 1024 / 1024} MB (a JPEG or WebP for a photo, at most 2,000 px wide).`;
          note(report, inputPath, 'warning', lineOf(inputPath, name, image.occurrence), message);
        },
        onBrokenImage: (image) => {
          const name = nameOf(image.src);
          const message = `image ${name} could not be read (${image.message.split('\n')[0]}): save it again as a valid PNG, JPEG, WebP, AVIF, GIF or SVG file.`;
          note(report, inputPath, 'error', lineOf(inputPath, name, image.occurrence), message);
        },
      },
      this.processor,
      this.written,
    );
  }
}

const nameOf = (src: string) => decodeURI(src.slice(src.lastIndexOf('/') + 1));

/** Add a problem to the page's record (once: a page transformed again must not say it twice). */
function note(report: BuildReport, file: string, severity: 'error' | 'warning', line: number, message: string): void {
  const record = report.get(file);
  if (record && !record.diagnostics.some((d) => d.message === message && d.line === line)) {
    record.diagnostics.push({ severity, kind: 'markup', file, line, message });
  }
}

/** The line of a post that names the image (its n-th mention), else 1. */
export function lineOf(inputPath: string, name: string, occurrence: number): number {
  let lines: string[];
  try {
    lines = readFileSync(inputPath, 'utf8').split('\n');
  } catch {
    return 1;
  }
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].includes(name) || lines[i].includes(encodeURI(name))) {
      if (seen++ === occurrence) return i + 1;
    }
  }
  return 1;
}

/** The image step of the build running in this process (the config and the build share it). */
export const siteImages = new SiteImages();
