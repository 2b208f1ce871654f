/** At most `limit` tasks at once; the others wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * Politeness towards each host: a bounded number of requests in flight, and a pause
 * every request to that host waits out after a 429 with `Retry-After`.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, { slots: Semaphore; pausedUntil: number }>();
  private readonly overall: Semaphore;

  constructor(
    private readonly perHost: number,
    maxConcurrency: number,
  ) {
    this.overall = new Semaphore(maxConcurrency);
  }

  private host(url: string) {
    const key = new URL(url).host;
    let host = this.hosts.get(key);
    if (!host) {
      host = { slots: new Semaphore(this.perHost), pausedUntil: 0 };
      this.hosts.set(key, host);
    }
    return host;
  }

  /** Run one request to `url`'s host once a host slot and an overall slot are free. */
  run<T>(url: string, request: () => Promise<T>): Promise<T> {
    const host = this.host(url);
    return host.slots.run(async () => {
      const wait = host.pausedUntil - Date.now();
      if (wait > 0) await sleep(wait);
      return this.overall.run(request);
    });
  }

  /** Hold every request to this host until `until` (epoch ms). */
  pause(url: string, until: number): void {
    const host = this.host(url);
    host.pausedUntil = Math.max(host.pausedUntil, until);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
