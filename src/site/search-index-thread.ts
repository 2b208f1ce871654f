import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../build/typescript-worker.js';

/** Messages to the search index thread. */
export type ToSearchThread =
  | { type: 'page'; url: string; sourcePath: string; html: string }
  | { type: 'finish'; outputPath: string }
  | { type: 'abort' };

/** Its one answer, to `finish`. */
export type FromSearchThread = { type: 'done'; pages: number } | { type: 'failed'; message: string };

const STOPPED = 'Search index: the Pagefind process stopped before it answered (its own message, if any, is above)';

/**
 * Pagefind, driven from a thread of its own (search-index-worker.ts). Pages are sent
 * as they come and reach Pagefind in that order; `finish` writes the index. Pagefind
 * is a process of its own, fed through a pipe: from the build's thread, the pipe would
 * only move when the build pauses, and a build rendering pages rarely does.
 */
export class SearchIndexThread {
  private readonly worker: Worker = startTypeScriptWorker(new URL('./search-index-worker.ts', import.meta.url));
  private readonly answer: Promise<FromSearchThread>;
  private readonly exited: Promise<void>;

  constructor() {
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.answer = new Promise((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
      // Ending without an answer: Pagefind's process went away while the thread waited for it.
      void this.exited.then(() => reject(new Error(STOPPED)));
    });
    // Read by `finish`; an aborted index is not asked.
    this.answer.catch(() => {});
  }

  add(url: string, sourcePath: string, html: string): void {
    this.send({ type: 'page', url, sourcePath, html });
  }

  /** Write the index to `outputPath`; resolves to the number of pages sent. */
  async finish(outputPath: string): Promise<number> {
    this.send({ type: 'finish', outputPath });
    const answer = await this.answer;
    if (answer.type === 'failed') throw new Error(answer.message);
    return answer.pages;
  }

  /** Stop Pagefind and the thread without writing anything. */
  async abort(): Promise<void> {
    this.send({ type: 'abort' });
    await this.exited;
  }

  private send(message: ToSearchThread): void {
    this.worker.postMessage(message);
  }
}
