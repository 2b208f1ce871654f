import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

/** Who wrote a comment or issue; what the job token writes as. */
export interface Author {
  login: string;
  type: 'Bot' | 'User';
}
export const JOB_BOT: Author = { login: 'github-actions[bot]', type: 'Bot' };

interface Comment {
  id: number;
  body: string;
  user: Author;
}

interface Issue {
  number: number;
  title: string;
  body: string;
  user: Author;
  state: 'open' | 'closed';
  state_reason?: string;
}

/**
 * A stand-in for the GitHub REST API on 127.0.0.1: it records every request and keeps the
 * comments and issues the action writes, so a later run sees what an earlier one did. It also
 * serves `/links/ok` (200) and `/links/gone` (404) for external-link checks. Like the job
 * token, it refuses `GET /user` and writes as github-actions[bot]. Compares answer from a
 * real git repository (`sourceRepo`), and `/git/…` refuses git as GitHub refuses a token
 * without `contents: write`.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments = new Map<number, Comment[]>();
  readonly issues: Issue[] = [];
  /** Files each pull request changed, as `pulls/N/files` returns them. */
  readonly pullFiles = new Map<number, { filename: string; status: string }[]>();
  /** Answer every write with 403, as GitHub does when the job lacks a permission. */
  forbidWrites = false;
  /** The repository whose history `compare` answers from. */
  sourceRepo?: string;
  /** The custom domain of Settings → Pages (`GET /pages`); undefined: Pages answers 404. */
  pagesCname?: string | null;
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

  /** GitHub's compare status of `head` relative to `base`, from the real history. */
  private compare(base: string, head: string): string | undefined {
    const git = (...args: string[]) => spawnSync('git', args, { cwd: this.sourceRepo });
    if (!this.sourceRepo || git('cat-file', '-e', `${base}^{commit}`).status !== 0 || git('cat-file', '-e', `${head}^{commit}`).status !== 0) return undefined;
    if (git('rev-parse', base).stdout.toString() === git('rev-parse', head).stdout.toString()) return 'identical';
    if (git('merge-base', '--is-ancestor', base, head).status === 0) return 'ahead';
    if (git('merge-base', '--is-ancestor', head, base).status === 0) return 'behind';
    return 'diverged';
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
    if (url.pathname.startsWith('/git/')) {
      // What github.com answers a push (or fetch) with a token that lacks the permission.
      res.writeHead(403, { 'content-type': 'text/plain' });
      return void res.end('Permission to octo/blog.git denied to github-actions[bot].\n');
    }
    if (url.pathname === '/user') return send(403, { message: 'Resource not accessible by integration' });

    if (this.forbidWrites && method !== 'GET') return send(403, { message: 'Resource not accessible by integration' });
    const route = url.pathname.replace(/^\/repos\/octo\/blog/, '');
    let m: RegExpMatchArray | null;
    if ((m = route.match(/^\/issues\/(\d+)\/comments$/))) {
      const list = this.comments.get(Number(m[1])) ?? [];
      this.comments.set(Number(m[1]), list);
      if (method === 'GET') return send(200, list);
      const comment = { id: this.nextId++, body: String(body?.body), user: JOB_BOT };
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
      const issue: Issue = { number: this.nextId++, title: String(body?.title), body: String(body?.body), state: 'open', user: JOB_BOT };
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
    if ((m = route.match(/^\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/)) && method === 'GET') {
      const status = this.compare(m[1], m[2]);
      return status ? send(200, { status, ahead_by: 0, behind_by: 0, commits: [], files: [] }) : send(404, { message: 'No common ancestor between these commits' });
    }
    if (route === '/pages' && method === 'GET') {
      return this.pagesCname === undefined ? send(404, { message: 'Not Found' }) : send(200, { cname: this.pagesCname, html_url: `https://${this.pagesCname}/` });
    }
    send(404, { message: `FakeGitHub has no route for ${method} ${url.pathname}` });
  }
}
