import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import { joinText } from './types.js';

/** An image output, as the file written beside the post. */
export interface NotebookImage {
  /** `<content hash>.<ext>`: the same image is the same file, build after build. */
  name: string;
  bytes: Buffer;
  width?: number;
  height?: number;
}

export const IMAGE_TYPES = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/svg+xml': 'svg' } as const;
export type ImageType = keyof typeof IMAGE_TYPES;

function dimension(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : undefined;
}

/**
 * The image of a display output. Its size is what the notebook asked for
 * (`metadata["image/png"].width`, as matplotlib's retina figures and `Image(width=)`
 * save it), else the image's own; the height follows the aspect ratio when only the
 * width was asked for.
 */
export function outputImage(mime: ImageType, value: unknown, metadata: unknown): NotebookImage {
  const text = joinText(value);
  const bytes = mime === 'image/svg+xml' ? Buffer.from(text, 'utf8') : Buffer.from(text.replace(/\s+/g, ''), 'base64');
  const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 20)}.${IMAGE_TYPES[mime]}`;
  let natural: { width?: number; height?: number } = {};
  try {
    natural = imageSize(bytes);
  } catch {
    // Unreadable header: the page gives no size rather than a wrong one.
  }
  const asked = (metadata as Record<string, { width?: unknown; height?: unknown } | undefined> | undefined)?.[mime];
  let width = dimension(asked?.width);
  let height = dimension(asked?.height);
  if (width && !height && natural.width && natural.height) height = Math.round((width * natural.height) / natural.width);
  if (height && !width && natural.width && natural.height) width = Math.round((height * natural.width) / natural.height);
  if (!width && !height) {
    width = dimension(natural.width);
    height = dimension(natural.height);
  }
  return { name, bytes, width, height };
}

/**
 * Writes notebook images into the output folder, beside the page that shows them, and
 * remembers what it wrote so a production build lists them with its other files (the
 * next build removes those no page shows any more: see src/build/output-prune.ts).
 */
export class NotebookImageWriter {
  private readonly files = new Set<string>();

  /** Forget the last build's files (a whole build starts). */
  reset(): void {
    this.files.clear();
  }

  /** Every file written (or found already written) since the last reset. */
  written(): string[] {
    return [...this.files].sort();
  }

  /** Write `images` into `folder` (a page's output folder); a file of that name already holds that content. */
  write(folder: string, images: Iterable<NotebookImage>): void {
    for (const image of images) {
      // Names are hex hashes with a fixed extension: never a path out of the folder.
      const file = path.join(folder, image.name);
      if (!existsSync(file) || statSync(file).size !== image.bytes.length) {
        mkdirSync(folder, { recursive: true });
        // Renamed into place whole: a reader (the dev server) never sees half a file.
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, image.bytes);
        renameSync(temp, file);
      }
      this.files.add(file);
    }
  }
}

/** The build's writer (the config writes, the build lists). */
export const notebookImages = new NotebookImageWriter();
