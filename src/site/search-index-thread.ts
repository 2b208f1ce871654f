import type { Worker } from 'node:worker_threads';
import { startEngineWorker } from '../build/typescript-worker.js';

/** Messages to the search index thread. */
export type ToSearchThread =
  | { type: 'page'; url: string; sourcePath: string; html: string }
  | { type: 'finish'; outputPath: string }
  | { type: 'abort' };

/** What the thread says: a page went into Pagefind, or the answer to `finish`. */
export type FromSearchThread = { type: 'progress' } | { type: 'done'; pages: number } | { type: 'failed'; message: string };

export interface SearchThreadData {
  /** Pages the thread has handed to Pagefind, counted there and read here without waiting for a message. */
  taken: Int32Array;
}

const STOPPED = 'Search index: the Pagefind process stopped before it answered (its own message, if any, is above)';
/** Pages in the thread's hands at once: enough to keep Pagefind busy, few enough to cost no memory. */
const WINDOW = 32;

interface HeldPage {
  url: string;
  sourcePath: string;
  html: string | (() => string);
}

/**
 * Pagefind, driven from a thread of its own (search-index-worker.ts). Pagefind is a
 * process of its own, fed through a pipe: from the build's thread, the pipe would only
 * move when the build pauses, and a build rendering pages rarely does. Pages reach
 * Pagefind in the order they are added; the thread holds only a few at a time, the
 * rest wait here (made only when sent) until it has taken those before them.
 */
export class SearchIndexThread {
  private readonly taken = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private readonly held: HeldPage[] = [];
  private nextHeld = 0;
  private sentCount = 0;
  private allSent?: () => void;
  private readonly answer: Promise<FromSearchThread>;
  private readonly exited: Promise<void>;

  constructor() {
    const workerData: SearchThreadData = { taken: this.taken };
    // A small young generation: the thread's garbage is a few pages at a time, collected often.
    this.worker = startEngineWorker(new URL('./search-index-worker.js', import.meta.url), { workerData, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.answer = new Promise((resolve, reject) => {
      this.worker.on('message', (message: FromSearchThread) => (message.type === 'progress' ? this.sendHeld() : resolve(message)));
      this.worker.once('error', reject);
      // Ending without an answer: Pagefind's process went away while the thread waited for it.
      void this.exited.then(() => reject(new Error(STOPPED)));
    });
    // Read by `finish`; an aborted index is not asked.
    this.answer.catch(() => {});
  }

  add(url: string, sourcePath: string, html: string | (() => string)): void {
    this.held.push({ url, sourcePath, html });
    this.sendHeld();
  }

  /** Resolves once every page added is in the thread's hands (it has taken all but the last few). */
  async sent(): Promise<void> {
    await Promise.race([
      new Promise<void>((resolve) => {
        this.allSent = resolve;
        this.sendHeld();
      }),
      // A thread that failed never takes the rest: its answer says why.
      this.answer.then((answer) => {
        throw new Error(answer.type === 'failed' ? answer.message : 'Search index: its thread answered before it was asked');
      }),
    ]);
  }

  /** Write the index to `outputPath`, once every page has gone; resolves to the number of pages. */
  async finish(outputPath: string): Promise<number> {
    await this.sent();
    this.send({ type: 'finish', outputPath });
    const answer = await this.answer;
    if (answer.type === 'failed') throw new Error(answer.message);
    if (answer.type !== 'done') throw new Error(`Search index: unexpected answer from its thread: ${answer.type}`);
    return answer.pages;
  }

  /** Stop Pagefind and the thread without writing anything. */
  async abort(): Promise<void> {
    this.send({ type: 'abort' });
    await this.exited;
  }

  private sendHeld(): void {
    while (this.nextHeld < this.held.length && this.sentCount - Atomics.load(this.taken, 0) < WINDOW) {
      const page = this.held[this.nextHeld];
      // Let go of what was sent: the pages are the site's size.
      this.held[this.nextHeld++] = undefined as unknown as HeldPage;
      this.sentCount++;
      this.send({ type: 'page', url: page.url, sourcePath: page.sourcePath, html: typeof page.html === 'string' ? page.html : page.html() });
    }
    if (this.nextHeld === this.held.length) this.allSent?.();
  }

  private send(message: ToSearchThread): void {
    this.worker.postMessage(message);
  }
}
