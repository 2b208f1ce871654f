import { parentPort, workerData } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import { EXCLUDE_SELECTORS, searchableHtml } from './searchable-html.js';
import type { FromSearchThread, SearchThreadData, ToSearchThread } from './search-index-thread.js';

/**
 * The thread that talks to Pagefind for a streamed search index (see
 * search-index-thread.ts). Its event loop is free while the build's is busy rendering,
 * so pages flow into Pagefind's pipe as they come instead of when the build pauses.
 */

const port = parentPort!;
const { taken } = workerData as SearchThreadData;
const started = pagefind.createIndex({ excludeSelectors: EXCLUDE_SELECTORS }).then(({ index, errors }) => {
  if (!index) throw new Error(`Search index: Pagefind did not start: ${errors.join('; ')}`);
  return index;
});
// Reported by `finish`.
started.catch(() => {});
let failure: string | undefined;

/**
 * Pages wait here, as they came, until Pagefind is ready for them: a few at a time in
 * its pipe keep it busy, and encoded pages never pile up in memory.
 */
const waiting: { url: string; sourcePath: string; html: string }[] = [];
const IN_FLIGHT = 8;
let inFlight = 0;
let pageCount = 0;
let allQueued: () => void = () => {};
const drained = new Promise<void>((resolve) => (allQueued = resolve));
let finishing = false;

function pump(): void {
  while (inFlight < IN_FLIGHT && waiting.length) {
    const page = waiting.shift()!;
    inFlight++;
    add(page.url, page.sourcePath, page.html).finally(() => {
      inFlight--;
      // The build sends more as pages are taken (see search-index-thread.ts).
      Atomics.add(taken, 0, 1);
      reply({ type: 'progress' });
      pump();
    });
  }
  if (finishing && inFlight === 0 && waiting.length === 0) allQueued();
}

/** Pagefind numbers pages as they reach its pipe, which is the order they are added here. */
async function add(url: string, sourcePath: string, html: string): Promise<void> {
  try {
    const index = await started;
    const result = await index.addHTMLFile({ sourcePath, content: searchableHtml(html) });
    if (result.errors.length) throw new Error(result.errors.join('; '));
  } catch (error) {
    failure ??= `Search index: adding ${url} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function finish(outputPath: string): Promise<number> {
  const index = await started;
  finishing = true;
  pump();
  await drained;
  if (failure) throw new Error(failure);
  const written = await index.writeFiles({ outputPath });
  if (written.errors.length) throw new Error(`Search index: writing ${outputPath} failed: ${written.errors.join('; ')}`);
  return pageCount;
}

function reply(message: FromSearchThread): void {
  port.postMessage(message);
}

port.on('message', (message: ToSearchThread) => {
  if (message.type === 'page') {
    pageCount++;
    waiting.push(message);
    pump();
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
