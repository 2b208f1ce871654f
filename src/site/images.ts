import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';

/**
 * Images beside posts, made ready for readers by `@11ty/eleventy-img` (sharp): AVIF and
 * WebP copies and one in the original format, at a few widths, plus the sizes the markup
 * needs. Results are kept in `.cache/lemma/images/<key>/`, the key made of the file's
 * bytes and everything that shapes the output (widths, formats, the two libraries'
 * versions): a build that finds them does no image work, and every build of the same
 * files writes the same bytes. SVG and GIF are not converted, only measured.
 */

/** Where processed images are kept, relative to the project root. */
export const IMAGE_CACHE_DIR = '.cache/lemma/images';

/** Widths made of each photo or drawing: a phone, a column at 2x, a wide screen at 2x. */
export const IMAGE_WIDTHS = [480, 960, 1440];
/** Modern formats first; `auto` is the original format, for browsers without them. */
const FORMATS = ['avif', 'webp', 'auto'];
/** Above this, the author hears about the file: the site still carries it whole (feeds). */
export const LARGE_IMAGE_BYTES = 5 * 1024 * 1024;

const require = createRequire(import.meta.url);
/** A package's version, from its package.json (found above its main file: sharp exports no subpaths). */
function versionOf(name: string): string {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (pkg.name === name) return pkg.version;
    } catch {
      // Not here: one folder up.
    }
  }
  throw new Error(`Cannot find the version of ${name}: reinstall the dependencies (npm ci).`);
}
/** Everything but the bytes that decides what comes out. */
const OUTPUT_FINGERPRINT = JSON.stringify({
  widths: IMAGE_WIDTHS,
  formats: FORMATS,
  eleventyImg: versionOf('@11ty/eleventy-img'),
  sharp: versionOf('sharp'),
  layout: 1,
});

export type ImageKind = 'raster' | 'svg' | 'gif';

export function imageKind(file: string): ImageKind | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.svg') return 'svg';
  if (ext === '.gif') return 'gif';
  return ['.png', '.jpg', '.jpeg', '.webp', '.avif'].includes(ext) ? 'raster' : undefined;
}

/** One file made from the original: its format, size and name in the cache entry. */
export interface ImageVariant {
  format: string;
  width: number;
  height: number;
  file: string;
}

export interface ProcessedImage {
  key: string;
  /** The original's size in pixels (an SVG's from its width and height, else its viewBox). */
  width: number;
  height: number;
  /** The original file's size. */
  bytes: number;
  /** By format, smallest width first; empty for SVG and GIF (served as written). */
  variants: Record<string, ImageVariant[]>;
}

/** A number of CSS pixels from an SVG length (`300`, `300px`); undefined for `100%`, `2em`. */
function svgLength(value: string | undefined): number | undefined {
  const match = /^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$/.exec(value ?? '');
  return match ? Number(match[1]) : undefined;
}

/** An SVG's intrinsic size, as a browser gives it to an `<img>`. */
export function svgSize(text: string): { width: number; height: number } | undefined {
  const svg = DomUtils.findOne((el) => el.name === 'svg', parseDocument(text, { xmlMode: true }).children);
  if (!svg) return undefined;
  const box = (svg.attribs.viewBox ?? svg.attribs.viewbox ?? '').trim().split(/[\s,]+/).map(Number);
  const [boxWidth, boxHeight] = box.length === 4 && box.every(Number.isFinite) && box[2] > 0 && box[3] > 0 ? [box[2], box[3]] : [];
  let width = svgLength(svg.attribs.width);
  let height = svgLength(svg.attribs.height);
  // One length given: the other follows from the viewBox's proportions.
  if (width && !height && boxWidth) height = (width * boxHeight!) / boxWidth;
  if (height && !width && boxHeight) width = (height * boxWidth!) / boxHeight;
  width ??= boxWidth;
  height ??= boxHeight;
  return width && height ? { width: Math.round(width), height: Math.round(height) } : undefined;
}

export class ImageProcessor {
  private readonly pending = new Map<string, Promise<ProcessedImage>>();
  /** How many images this process converted or measured, and how many came from the cache. */
  readonly stats = { processed: 0, fromCache: 0 };

  constructor(readonly cacheRoot: string) {}

  /** The processed image for a file (converted once per key, even when asked for at once). */
  process(file: string): Promise<ProcessedImage> {
    const bytes = readFileSync(file);
    const key = createHash('sha256').update(OUTPUT_FINGERPRINT).update('\0').update(bytes).digest('hex').slice(0, 24);
    let result = this.pending.get(key);
    if (!result) {
      result = this.load(key, file, bytes);
      this.pending.set(key, result);
      // A failure is reported to the page that asked; the next build tries again.
      result.catch(() => this.pending.delete(key));
    }
    return result;
  }

  /** The path of one variant in the cache. */
  variantPath(image: ProcessedImage, variant: ImageVariant): string {
    return path.join(this.cacheRoot, image.key, variant.file);
  }

  private async load(key: string, file: string, bytes: Buffer): Promise<ProcessedImage> {
    const entry = path.join(this.cacheRoot, key);
    const cached = this.read(entry);
    if (cached) {
      this.stats.fromCache++;
      return cached;
    }
    const kind = imageKind(file);
    const image: ProcessedImage = { key, width: 0, height: 0, bytes: bytes.length, variants: {} };
    // Written under a name of its own, then renamed: a cache entry is whole or absent.
    const staging = `${entry}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    mkdirSync(staging, { recursive: true });
    try {
      if (kind === 'svg') {
        const size = svgSize(bytes.toString('utf8')) ?? (await rasterSize(bytes));
        Object.assign(image, size);
      } else if (kind === 'gif') {
        Object.assign(image, await rasterSize(bytes));
      } else {
        const { default: eleventyImage } = await import('@11ty/eleventy-img');
        const metadata = (await eleventyImage(bytes, {
          widths: IMAGE_WIDTHS,
          formats: FORMATS,
          outputDir: staging,
          useCache: false,
          filenameFormat: (_id: string, _src: string, width: number, format: string) => `${width}.${format}`,
        })) as Record<string, { width: number; height: number; filename: string }[]>;
        for (const [format, entries] of Object.entries(metadata)) {
          image.variants[format] = entries.map((e) => ({ format, width: e.width, height: e.height, file: e.filename }));
        }
        Object.assign(image, await rasterSize(bytes));
      }
      writeFileSync(path.join(staging, 'image.json'), JSON.stringify(image));
      rmSync(entry, { recursive: true, force: true });
      renameSync(staging, entry);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    this.stats.processed++;
    return image;
  }

  /** A cache entry whose description and files are all there, or undefined. */
  private read(entry: string): ProcessedImage | undefined {
    try {
      const image = JSON.parse(readFileSync(path.join(entry, 'image.json'), 'utf8')) as ProcessedImage;
      const files = Object.values(image.variants).flat();
      return files.every((v) => existsSync(path.join(entry, v.file))) ? image : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Width and height of a raster image (a GIF's first frame), read by sharp. */
async function rasterSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const { default: sharp } = await import('sharp');
  const meta = await sharp(bytes).metadata();
  return { width: meta.width ?? 0, height: meta.pageHeight ?? meta.height ?? 0 };
}

/** Copy a processed file into the site. */
export function publishFile(from: string, to: string): void {
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(from, to);
}
