import { build } from '../build/eleventy.js';
import { printDiagnostics } from '../build/report.js';
import { formatPerformance } from '../build/render-cache-setup.js';
import type { CommandContext } from './types.js';
import { FrontMatterError } from '../site/post-index.js';
import { BuildDateError } from '../site/build-date.js';
import { OutputFolderError } from '../build/output-folder.js';
import { OutputPathError } from '../site/output-paths.js';
import { JavaScriptRefusedError } from '../site/javascript-policy.js';
import { SymlinkError } from '../site/symlinks.js';
import { siteImages } from '../site/image-step.js';
import { IMAGE_CACHE_DIR } from '../site/images.js';

/** `lemma build`: production build; exit 1 when any equation failed. */
export async function buildCommand({ values }: CommandContext): Promise<number> {
  const started = Date.now();
  let result;
  try {
    result = await build({ outputDir: values.output as string | undefined });
  } catch (err) {
    // The author's input is wrong (front matter, --date): say where, exit 1 like a failed equation.
    if (err instanceof FrontMatterError || err instanceof BuildDateError || err instanceof JavaScriptRefusedError || err instanceof SymlinkError) {
      console.error(err.message);
      return 1;
    }
    // Eleventy wraps what its events throw: a page that would leave the output folder is a post's fault.
    const outside = wrapped(err, OutputPathError);
    if (outside) {
      console.error(outside.message);
      return 1;
    }
    // A wrong output folder is a wrong command, not a wrong post.
    if (err instanceof OutputFolderError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const { report, outputDir } = result;
  const errors = printDiagnostics(report);
  if (errors > 0) {
    console.error(`Build failed: ${errors} error(s). Fix the lines above, then build again.`);
    return 1;
  }
  console.log(`Built ${outputDir}/ in ${((Date.now() - started) / 1000).toFixed(1)} s: ${formatPerformance(result.performance)}.`);
  const images = siteImages.processor.stats;
  if (images.processed + images.fromCache > 0) console.log(`Images: ${images.processed} processed, ${images.fromCache} from the cache (${IMAGE_CACHE_DIR}).`);
  if (result.removed.length > 0) console.log(removedLine(result.removed, outputDir));
  return 0;
}

/** Which files left by earlier builds went (the first few of them). */
function removedLine(removed: string[], outputDir: string): string {
  const shown = removed.slice(0, 5).join(', ');
  const more = removed.length > 5 ? ` and ${removed.length - 5} more` : '';
  return `Removed ${removed.length} ${removed.length === 1 ? 'file' : 'files'} from ${outputDir}/ that this build did not write (left by earlier builds): ${shown}${more}.`;
}

/** `err`, or the error it wraps (Eleventy's `originalError`, or `cause`), that is an `ErrorClass`. */
function wrapped<T extends Error>(err: unknown, ErrorClass: new (...args: never[]) => T): T | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; depth++) {
    if (e instanceof ErrorClass) return e;
    e = (e as { originalError?: unknown }).originalError ?? e.cause;
  }
  return undefined;
}
