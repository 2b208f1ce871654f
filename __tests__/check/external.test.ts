import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkExternalUrls, type ExternalCheckOptions } from '../../src/check/external/index.js';
import { runCheck } from '../../src/check/index.js';
import { runCli } from '../helpers/project.js';

/** A real HTTP server on 127.0.0.1 with one route per behaviour a link checker meets. */
class TestServer {
  readonly requests: string[] = [];
  private server!: Server;
  private inFlight = 0;
  maxInFlight = 0;
  private rateLimited = new Set<string>();
  private flaky = new Set<string>();
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  count(method: string, pathname: string): number {
    return this.requests.filter((r) => r === `${method} ${pathname}`).length;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.base);
    this.requests.push(`${req.method} ${url.pathname}`);
    const redirect = (status: number, to: string): void => {
      res.writeHead(status, { location: to }).end();
    };
    switch (url.pathname) {
      case '/ok':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>');
      case '/r1':
        return redirect(301, '/r2');
      case '/r2':
        return redirect(302, `${this.base}/r3`);
      case '/r3':
        return redirect(308, '/ok');
      case '/loop-a':
        return redirect(301, '/loop-b');
      case '/loop-b':
        return redirect(301, '/loop-a');
      case '/missing':
        return void res.writeHead(404).end('not found');
      case '/no-head':
        return void (req.method === 'HEAD' ? res.writeHead(405, { allow: 'GET' }).end() : res.writeHead(200).end('body'));
      case '/hang':
        return; // never answers
      case '/rate':
      case '/rate-long': {
        const key = `${url.pathname}${url.search}`;
        if (!this.rateLimited.has(key) || url.pathname === '/rate-long') {
          this.rateLimited.add(key);
          return void res.writeHead(429, { 'retry-after': url.pathname === '/rate-long' ? '3600' : '1' }).end();
        }
        return void res.writeHead(200).end();
      }
      case '/flaky':
        if (!this.flaky.has(url.search)) {
          this.flaky.add(url.search);
          return void res.writeHead(503).end();
        }
        return void res.writeHead(200).end();
      case '/slow':
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        setTimeout(() => {
          this.inFlight--;
          res.writeHead(200).end();
        }, 150);
        return;
      default:
        res.writeHead(500).end();
    }
  }
}

describe('external link checker against a real server', () => {
  const server = new TestServer();
  let cacheDir: string;
  const options = (overrides: Partial<ExternalCheckOptions> = {}): ExternalCheckOptions => ({
    timeoutMs: 2000,
    retries: 1,
    backoffMs: 50,
    maxRetryAfterMs: 5000,
    perHost: 2,
    maxConcurrency: 16,
    maxRedirects: 5,
    cacheFile: null,
    cacheMaxAgeMs: 3_600_000,
    userAgent: 'lemma-test',
    ...overrides,
  });

  beforeAll(async () => {
    await server.start();
    cacheDir = mkdtempSync(path.join(tmpdir(), 'lemma-external-'));
  });
  afterAll(() => server.stop());

  test('200 is good, with a single HEAD request', async () => {
    const result = (await checkExternalUrls([`${server.base}/ok`], options())).get(`${server.base}/ok`)!;
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1 });
    expect(server.count('HEAD', '/ok')).toBeGreaterThanOrEqual(1);
    expect(server.count('GET', '/ok')).toBe(0);
  });

  test('a chain of 301, 302 and 308 redirects is followed to the page', async () => {
    const result = (await checkExternalUrls([`${server.base}/r1`], options())).get(`${server.base}/r1`)!;
    expect(result).toMatchObject({ ok: true, status: 200, finalUrl: `${server.base}/ok` });
  });

  test('a redirect loop fails', async () => {
    const result = (await checkExternalUrls([`${server.base}/loop-a`], options())).get(`${server.base}/loop-a`)!;
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/redirect loop/);
  });

  test('404 fails at once (GET tried after HEAD, no retry)', async () => {
    const before = server.requests.length;
    const result = (await checkExternalUrls([`${server.base}/missing`], options())).get(`${server.base}/missing`)!;
    expect(result).toMatchObject({ ok: false, status: 404, reason: 'HTTP 404 Not Found', attempts: 1 });
    expect(server.requests.slice(before)).toEqual(['HEAD /missing', 'GET /missing']);
  });

  test('HEAD answered with 405 falls back to GET', async () => {
    const before = server.requests.length;
    const result = (await checkExternalUrls([`${server.base}/no-head`], options())).get(`${server.base}/no-head`)!;
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(server.requests.slice(before)).toEqual(['HEAD /no-head', 'GET /no-head']);
  });

  test('429 with Retry-After is waited out, then retried', async () => {
    const started = Date.now();
    const result = (await checkExternalUrls([`${server.base}/rate?a`], options())).get(`${server.base}/rate?a`)!;
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  test('a Retry-After beyond the limit is reported rather than waited for', async () => {
    const started = Date.now();
    const result = (await checkExternalUrls([`${server.base}/rate-long`], options())).get(`${server.base}/rate-long`)!;
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/429 Too Many Requests: the server asks to wait 3600 s/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a server that never answers times out, after the configured retries', async () => {
    const before = server.count('HEAD', '/hang');
    const result = (await checkExternalUrls([`${server.base}/hang`], options({ timeoutMs: 300, retries: 2 }))).get(`${server.base}/hang`)!;
    expect(result).toMatchObject({ ok: false, attempts: 3 });
    expect(result.reason).toBe('no answer within 0.3 s (after 3 attempts)');
    expect(server.count('HEAD', '/hang') - before).toBe(3);
  });

  test('a 503 is retried with backoff', async () => {
    const result = (await checkExternalUrls([`${server.base}/flaky?x`], options())).get(`${server.base}/flaky?x`)!;
    expect(result).toMatchObject({ ok: true, attempts: 2 });
  });

  test('requests to one host are bounded', async () => {
    server.maxInFlight = 0;
    const urls = Array.from({ length: 6 }, (_, i) => `${server.base}/slow?${i}`);
    const results = await checkExternalUrls(urls, options({ perHost: 2 }));
    expect([...results.values()].every((r) => r.ok)).toBe(true);
    expect(server.maxInFlight).toBe(2);
  });

  test('good results are cached with an age limit; failures are always checked again', async () => {
    const cacheFile = path.join(cacheDir, 'links.json');
    const urls = [`${server.base}/ok`, `${server.base}/missing`];
    await checkExternalUrls(urls, options({ cacheFile }));
    const okRequests = server.count('HEAD', '/ok');
    const missingRequests = server.count('HEAD', '/missing');

    const again = await checkExternalUrls(urls, options({ cacheFile }));
    expect(again.get(urls[0])).toMatchObject({ ok: true, fromCache: true });
    expect(again.get(urls[1])).toMatchObject({ ok: false, fromCache: false });
    expect(server.count('HEAD', '/ok')).toBe(okRequests);
    expect(server.count('HEAD', '/missing')).toBe(missingRequests + 1);

    // Past the age limit, the host is asked again.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const expired = await checkExternalUrls(urls, options({ cacheFile, cacheMaxAgeMs: 10 }));
    expect(expired.get(urls[0])).toMatchObject({ ok: true, fromCache: false });
    expect(server.count('HEAD', '/ok')).toBe(okRequests + 1);
  });

  describe('through lemma check', () => {
    let project: string;

    beforeAll(() => {
      // A built site needs no Eleventy here: the checker reads any folder of HTML.
      project = mkdtempSync(path.join(tmpdir(), 'lemma-external-site-'));
      mkdirSync(path.join(project, 'site'));
      writeFileSync(
        path.join(project, 'site/site.json'),
        JSON.stringify({
          title: 'External',
          author: { name: 'A' },
          url: 'https://blog.example',
          check: { ignore: [`${server.base}/ignored/*`, 'regex:/skip-me$'], external: { timeoutSeconds: 1, retries: 0, perHost: 2, cacheHours: 0 } },
        }),
      );
      mkdirSync(path.join(project, '_site'));
      writeFileSync(
        path.join(project, '_site/index.html'),
        [
          '<!doctype html><html><body>',
          `<a href="${server.base}/ok">fine</a>`,
          `<a href="${server.base}/missing#part">gone</a>`,
          `<a href="${server.base}/ignored/deep/page">ignored</a>`,
          `<a href="${server.base}/x/skip-me">ignored by a regex</a>`,
          `<img src="${server.base}/hang" alt="">`,
          '<a href="https://blog.example/">our own origin: internal</a>',
          '</body></html>',
        ].join('\n'),
      );
    });

    test('failures are warnings by default and errors with strictExternal; ignored URLs are never requested', async () => {
      const before = server.requests.length;
      const report = await runCheck({ siteDir: '_site', projectRoot: project, external: true, buildReport: null });
      expect(report.externalChecked).toBe(3);
      expect(report.errors).toBe(0);
      expect(report.problems.map((p) => [p.severity, p.kind, p.file, p.line, p.url])).toEqual([
        ['warning', 'external', '_site/index.html', 3, `${server.base}/missing#part`],
        ['warning', 'external', '_site/index.html', 6, `${server.base}/hang`],
      ]);
      expect(server.requests.slice(before).some((r) => r.includes('ignored') || r.includes('skip-me'))).toBe(false);

      const strict = await runCheck({ siteDir: '_site', projectRoot: project, strictExternal: true, buildReport: null });
      expect(strict.errors).toBe(2);
    });

    test('the CLI exits 0 on external warnings and 1 with --strict-external', async () => {
      const [lenient, strict] = await Promise.all([runCli(['check', '--external'], project), runCli(['check', '--strict-external', '--json'], project)]);
      expect(lenient.stdout).toMatch(/2 problems \(0 errors, 2 warnings\)/);
      expect(lenient.code).toBe(0);
      expect(JSON.parse(strict.stdout).errors).toBe(2);
      expect(strict.code).toBe(1);
    });
  });
});
