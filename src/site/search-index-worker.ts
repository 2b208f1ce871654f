import { parentPort } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import { EXCLUDE_SELECTORS, searchableHtml } from './searchable-html.js';
import type { ToSearchThread, FromSearchThread } from './search-index-thread.js';

/**
 * The thread that talks to Pagefind for a streamed search index (see
 * search-index-thread.ts). Its event loop is free while the build's is busy rendering,
 * so pages flow into Pagefind's pipe as they come instead of when the build pauses.
 */

const port = parentPort!;
const started = pagefind.createIndex({ excludeSelectors: EXCLUDE_SELECTORS }).then(({ index, errors }) => {
  if (!index) throw new Error(`Search index: Pagefind did not start: ${errors.join('; ')}`);
  return index;
});
// Reported by `finish`.
started.catch(() => {});
const added: Promise<void>[] = [];
let failure: string | undefined;

/** Pagefind numbers pages as they reach its pipe: callbacks on one promise run in the order they were added. */
function add(url: string, sourcePath: string, html: string): void {
  const content = searchableHtml(html);
  const done = started
    .then((index) => index.addHTMLFile({ sourcePath, content }))
    .then((result) => {
      if (result.errors.length) throw new Error(result.errors.join('; '));
    });
  added.push(
    done.catch((error: unknown) => {
      failure ??= `Search index: adding ${url} failed: ${error instanceof Error ? error.message : String(error)}`;
    }),
  );
}

async function finish(outputPath: string): Promise<number> {
  const index = await started;
  await Promise.all(added);
  if (failure) throw new Error(failure);
  const written = await index.writeFiles({ outputPath });
  if (written.errors.length) throw new Error(`Search index: writing ${outputPath} failed: ${written.errors.join('; ')}`);
  return added.length;
}

function reply(message: FromSearchThread): void {
  port.postMessage(message);
}

port.on('message', (message: ToSearchThread) => {
  if (message.type === 'page') {
    add(message.url, message.sourcePath, message.html);
  } else if (message.type === 'finish') {
    // From here only Pagefind keeps this thread alive: if its process dies before it
    // answers, the thread ends without a reply, and the build says so.
    port.unref();
    finish(message.outputPath)
      .then(
        (pages): FromSearchThread => ({ type: 'done', pages }),
        (error: unknown): FromSearchThread => ({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
      )
      .then(async (result) => {
        await pagefind.close();
        reply(result);
        port.close();
      });
  } else {
    void pagefind.close().finally(() => port.close());
  }
});
