import { existsSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { generateHTML, type ImageMetadata } from '@11ty/eleventy-img';
import { LARGE_IMAGE_BYTES, imageKind, publishFile, type ImageProcessor, type ProcessedImage } from './images.js';
import { POSTS_DIR } from './post-index.js';

/**
 * The `<img>` elements of a built page, for images beside posts, rewritten for readers:
 * `width` and `height` always (no layout shift), `<picture>` with AVIF, WebP and the
 * original format at several widths for photos and drawings, and lazy loading for every
 * image but one near the top of the page (which the reader sees first, so it loads at
 * once). The originals stay where they were copied; feeds link to them, full size.
 */

/** The column an image fills: the text's measure less its padding, or the screen less the padding. */
export const IMAGE_SIZES = '(min-width: 42rem) 39.5rem, calc(100vw - 2.5rem)';
/** An image with less text than this before it in <main> is taken to be on the first screen. */
const FIRST_SCREEN_TEXT = 300;

const SOURCE_TYPES: Record<string, string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
};

export interface ImagePage {
  /** The page's source (`posts/a.md`), for warnings. */
  inputPath: string;
  /** The site's path prefix (`/` or `/repo/`), which URLs in the page may start with. */
  pathPrefix: string;
  /** The output folder, where the processed files go beside the original. */
  outputDir: string;
  /** Told of an image too large to ship (the n-th on the page with that src, from 0). */
  onLargeImage?: (image: { src: string; occurrence: number; bytes: number; width: number; height: number }) => void;
  /** Told of an image that could not be read or converted; its `<img>` is left as written. */
  onBrokenImage?: (image: { src: string; occurrence: number; message: string }) => void;
}

interface Found {
  start: number;
  end: number;
  attributes: Record<string, string>;
  textBefore: number;
  inPicture: boolean;
}

/** Every `<img>` of the page, where it is in the HTML, and how much text of <main> (but its navigation) precedes it. */
function findImages(html: string): Found[] {
  const found: Found[] = [];
  let inMain = 0;
  let skip = 0;
  let picture = 0;
  let text = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'main') inMain++;
        // Navigation (the table of contents) is not what the first screen is read for.
        else if (name === 'script' || name === 'style' || name === 'nav') skip++;
        else if (name === 'picture') picture++;
        else if (name === 'img') found.push({ start: parser.startIndex, end: parser.endIndex + 1, attributes, textBefore: text, inPicture: picture > 0 });
      },
      ontext(data) {
        if (inMain && !skip) text += data.replace(/\s+/g, ' ').trim().length;
      },
      onclosetag(name) {
        if (name === 'main') inMain--;
        else if (name === 'script' || name === 'style' || name === 'nav') skip--;
        else if (name === 'picture') picture--;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return found;
}

/** The project file an image URL of the site points to, if it is an image beside a post. */
export function imageSource(src: string, pathPrefix: string): string | undefined {
  if (!src || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(src) || /[?#]/.test(src)) return undefined;
  let sitePath = src.startsWith(pathPrefix) ? `/${src.slice(pathPrefix.length)}` : src;
  try {
    sitePath = decodeURI(sitePath);
  } catch {
    return undefined;
  }
  const file = path.posix.normalize(sitePath).replace(/^\//, '');
  return file.startsWith(`${POSTS_DIR}/`) && imageKind(file) ? file : undefined;
}

/** Rewrite the page's images (see the module comment). Same input, same output, cache or not. */
export async function rewriteImages(html: string, page: ImagePage, processor: ImageProcessor, written: Set<string>): Promise<string> {
  if (!html.includes('<img')) return html;
  // Markup an author wrote with its own sources or size is theirs to keep.
  const images = findImages(html).filter((img) => !img.inPicture && !img.attributes.srcset && !(img.attributes.width && img.attributes.height));
  const seen = new Map<string, number>();
  let eagerTaken = false;
  let out = '';
  let at = 0;
  for (const img of images) {
    const file = imageSource(img.attributes.src ?? '', page.pathPrefix);
    // A missing file is the link checker's to report, at the post's line.
    if (!file || !existsSync(file)) continue;
    const occurrence = seen.get(img.attributes.src) ?? 0;
    seen.set(img.attributes.src, occurrence + 1);
    let processed: ProcessedImage;
    try {
      processed = await processor.process(path.resolve(file));
    } catch (err) {
      page.onBrokenImage?.({ src: img.attributes.src, occurrence, message: (err as Error).message });
      continue;
    }
    if (processed.bytes > LARGE_IMAGE_BYTES) page.onLargeImage?.({ src: img.attributes.src, occurrence, bytes: processed.bytes, width: processed.width, height: processed.height });
    const eager = !eagerTaken && img.textBefore < FIRST_SCREEN_TEXT;
    if (eager) eagerTaken = true;
    out += html.slice(at, img.start) + markup(img.attributes, processed, eager, page, processor, written);
    at = img.end;
  }
  return at === 0 ? html : out + html.slice(at);
}

function markup(original: Record<string, string>, image: ProcessedImage, eager: boolean, page: ImagePage, processor: ImageProcessor, written: Set<string>): string {
  const src = original.src;
  const urlDir = src.slice(0, src.lastIndexOf('/') + 1);
  const stem = path.posix.basename(decodeURI(src)).replace(/\.[^.]+$/, '');
  // Beside the original: `fig.png` → `fig-<key>-960.webp`, named by content, so never stale.
  const metadata: ImageMetadata = {};
  for (const [format, variants] of Object.entries(image.variants)) {
    metadata[format] = variants.map((variant) => {
      const name = `${stem}-${image.key.slice(0, 10)}-${variant.width}.${variant.format}`;
      const target = path.join(page.outputDir, ...imageSource(src, page.pathPrefix)!.split('/').slice(0, -1), name);
      if (!written.has(target)) {
        publishFile(processor.variantPath(image, variant), target);
        written.add(target);
      }
      const url = urlDir + encodeURIComponent(name);
      return { format, width: variant.width, height: variant.height, url, srcset: `${url} ${variant.width}w`, sourceType: SOURCE_TYPES[format] };
    });
  }
  if (!Object.keys(metadata).length) {
    // SVG and GIF: the file as written, with its size.
    const format = path.extname(src).slice(1).toLowerCase();
    metadata[format] = [{ format, width: image.width, height: image.height, url: src, srcset: src, sourceType: SOURCE_TYPES[format] ?? '' }];
  }
  const { src: _src, width: _width, height: _height, loading, decoding, ...kept } = original;
  const attributes: Record<string, string> = {
    alt: '',
    ...kept,
    sizes: IMAGE_SIZES,
    ...(eager ? { fetchpriority: 'high' } : { loading: loading ?? 'lazy' }),
    decoding: decoding ?? 'async',
  };
  return generateHTML(metadata, attributes, { whitespaceMode: 'inline' });
}
