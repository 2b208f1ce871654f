import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Entry {
  key: string;
  version: string;
  chunks: { start: number; data: Buffer }[];
  archive?: Buffer;
}

/**
 * A stand-in on 127.0.0.1 for the Actions cache service, as the `@actions/cache` toolkit
 * speaks to it when `ACTIONS_CACHE_URL` names it: look an entry up by key and version,
 * download its archive; reserve, upload in ranges and commit a new one.
 */
export class FakeCacheService {
  readonly entries: Entry[] = [];
  /** Every request, as "METHOD /path". */
  readonly requests: string[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  /** The base URL, ending in `/` as the runner's `ACTIONS_CACHE_URL` does. */
  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Entries committed (complete archives). */
  saved(): Entry[] {
    return this.entries.filter((e) => e.archive);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}`);
    const json = (status: number, value?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(value === undefined ? undefined : JSON.stringify(value));
    };

    const id = /^\/_apis\/artifactcache\/caches\/(\d+)$/.exec(url.pathname)?.[1];
    if (req.method === 'GET' && url.pathname === '/_apis/artifactcache/cache') {
      const keys = (url.searchParams.get('keys') ?? '').split(',');
      const version = url.searchParams.get('version');
      const index = this.entries.findIndex((e) => e.archive && e.version === version && keys.includes(e.key));
      if (index < 0) return json(204);
      return json(200, { cacheKey: this.entries[index].key, archiveLocation: `${this.url}archives/${index}` });
    }
    if (req.method === 'GET' && url.pathname.startsWith('/archives/')) {
      const archive = this.entries[Number(url.pathname.slice('/archives/'.length))]?.archive;
      if (!archive) return json(404);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': archive.length });
      return void res.end(archive);
    }
    if (req.method === 'POST' && url.pathname === '/_apis/artifactcache/caches') {
      const { key, version } = JSON.parse(body.toString()) as { key: string; version: string };
      if (this.entries.some((e) => e.key === key && e.version === version)) return json(409, { message: `Cache already exists: ${key}` });
      this.entries.push({ key, version, chunks: [] });
      // Ids start at 1: the toolkit takes 0 for "no id".
      return json(201, { cacheId: this.entries.length });
    }
    if (req.method === 'PATCH' && id !== undefined) {
      const start = Number(/^bytes (\d+)-/.exec(String(req.headers['content-range']))?.[1]);
      this.entries[Number(id) - 1].chunks.push({ start, data: body });
      return json(204);
    }
    if (req.method === 'POST' && id !== undefined) {
      const entry = this.entries[Number(id) - 1];
      entry.archive = Buffer.concat(entry.chunks.sort((a, b) => a.start - b.start).map((c) => c.data));
      const { size } = JSON.parse(body.toString()) as { size: number };
      return json(size === entry.archive.length ? 204 : 400);
    }
    json(404, { message: `not served here: ${req.method} ${url.pathname}` });
  }
}
