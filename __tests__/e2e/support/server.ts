import { existsSync, readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import compression from 'compression';
import sirv from 'sirv';

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The site's home: origin + path prefix. */
  url: string;
  close(): Promise<void>;
}

/** GitHub Pages sends every file with this header; the browser tests see what readers see. */
export const PAGES_CACHE_SECONDS = 600;

/**
 * Serve a built site on 127.0.0.1 the way GitHub Pages does: compressed (gzip, or Brotli
 * when the browser takes it), `Cache-Control: max-age=600`, the site below its path
 * prefix, folders redirected to their trailing slash, and `404.html` with status 404
 * for anything that does not exist.
 */
export async function startStaticServer(root: string, options: { pathPrefix?: string } = {}): Promise<StaticServer> {
  const prefix = options.pathPrefix ?? '/';
  // Pages compresses every text response, however small.
  const compress = compression({ threshold: 0 });
  const files = sirv(root, { dev: false, etag: true, maxAge: PAGES_CACHE_SECONDS, extensions: ['html'] });
  const notFoundFile = path.join(root, '404.html');
  const notFoundPage = existsSync(notFoundFile) ? readFileSync(notFoundFile) : Buffer.from('Not found\n');

  const notFound = (res: ServerResponse) => {
    res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': `max-age=${PAGES_CACHE_SECONDS}` });
    res.end(notFoundPage);
  };
  const redirect = (res: ServerResponse, location: string) => {
    res.writeHead(301, { Location: location });
    res.end();
  };
  const route = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (`${url}/` === prefix) return redirect(res, prefix);
    if (!url.startsWith(prefix)) return notFound(res);
    const [pathname, query] = url.slice(prefix.length).split(/\?(.*)/s);
    // A folder asked for without its slash is redirected, as Pages does, so relative URLs resolve.
    if (pathname && !pathname.endsWith('/') && existsSync(path.join(root, decodeURIComponent(pathname), 'index.html'))) {
      return redirect(res, `${prefix}${pathname}/${query ? `?${query}` : ''}`);
    }
    req.url = `/${url.slice(prefix.length)}`;
    files(req, res, () => notFound(res));
  };

  const server = http.createServer((req, res) => {
    compress(req as never, res as never, () => route(req, res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: origin + prefix,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
