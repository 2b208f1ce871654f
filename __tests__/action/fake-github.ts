import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

interface Comment {
  id: number;
  body: string;
}

interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason?: string;
}

/**
 * A stand-in for the GitHub REST API on 127.0.0.1: it records every request and keeps the
 * comments and issues the action writes, so a later run sees what an earlier one did. It also
 * serves `/links/ok` (200) and `/links/gone` (404) for external-link checks.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments = new Map<number, Comment[]>();
  readonly issues: Issue[] = [];
  /** Files each pull request changed, as `pulls/N/files` returns them. */
  readonly pullFiles = new Map<number, { filename: string; status: string }[]>();
  /** Answer every write with 403, as GitHub does when the job lacks a permission. */
  forbidWrites = false;
  private server?: Server;
  private nextId = 500;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Requests that could change something on GitHub. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && !r.path.startsWith('/links/'));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname + url.search, body });

    const send = (status: number, data?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(data === undefined ? '' : JSON.stringify(data));
    };
    if (url.pathname === '/links/ok') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>fine</p>');
    if (url.pathname === '/links/gone') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<p>gone</p>');

    if (this.forbidWrites && method !== 'GET') return send(403, { message: 'Resource not accessible by integration' });
    const route = url.pathname.replace(/^\/repos\/octo\/blog/, '');
    let m: RegExpMatchArray | null;
    if ((m = route.match(/^\/issues\/(\d+)\/comments$/))) {
      const list = this.comments.get(Number(m[1])) ?? [];
      this.comments.set(Number(m[1]), list);
      if (method === 'GET') return send(200, list);
      const comment = { id: this.nextId++, body: String(body?.body) };
      list.push(comment);
      return send(201, comment);
    }
    if ((m = route.match(/^\/issues\/comments\/(\d+)$/)) && method === 'PATCH') {
      const comment = [...this.comments.values()].flat().find((c) => c.id === Number(m![1]));
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = String(body?.body);
      return send(200, comment);
    }
    if (route === '/issues' && method === 'GET') return send(200, this.issues.filter((i) => i.state === url.searchParams.get('state')));
    if (route === '/issues' && method === 'POST') {
      const issue: Issue = { number: this.nextId++, title: String(body?.title), body: String(body?.body), state: 'open' };
      this.issues.push(issue);
      return send(201, issue);
    }
    if ((m = route.match(/^\/issues\/(\d+)$/)) && method === 'PATCH') {
      const issue = this.issues.find((i) => i.number === Number(m![1]));
      if (!issue) return send(404, { message: 'Not Found' });
      Object.assign(issue, body);
      return send(200, issue);
    }
    if ((m = route.match(/^\/pulls\/(\d+)\/files$/)) && method === 'GET') return send(200, this.pullFiles.get(Number(m[1])) ?? []);
    send(404, { message: `FakeGitHub has no route for ${method} ${url.pathname}` });
  }
}
