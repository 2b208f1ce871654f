import { createRequire } from 'node:module';
import { lstatSync, realpathSync } from 'node:fs';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * `npm start` runs on laptops on shared networks. The dev server listens on the machine
 * itself (127.0.0.1) unless told to share (`--host 0.0.0.0`), answers a path it cannot
 * serve with 400 or 404 instead of crashing (`GET /..%2f..%2fetc%2fpasswd` threw an
 * uncaught "Invalid path"), and serves only files whose real path is inside `_site/`.
 */

export const DEFAULT_HOST = '127.0.0.1';

/** `--host` as given, validated: an IP address or `localhost`. */
export function parseHost(value: string | undefined): string {
  if (value === undefined) return DEFAULT_HOST;
  const host = value.trim();
  if (host === 'localhost' || isIP(host)) return host;
  throw new Error(`--host must be an IP address to listen on, e.g. 127.0.0.1 (this machine only, the default) or 0.0.0.0 (every network), got "${value}".`);
}

/** Whether the server can be reached from other machines. */
export function isShared(host: string): boolean {
  return !['127.0.0.1', '::1', 'localhost'].includes(host) && !host.startsWith('127.');
}

/** The addresses others on the network reach a shared server at. */
export function networkUrls(port: number): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${port}/`);
}

interface DevServerPrototype {
  _serverListen(port: number): void;
  getHosts(): string[];
  getServerUrl(host: string, pathname?: string): string;
  server: { listen(options: { port: number; host: string }): void };
}

/**
 * Make Eleventy's dev server listen on `host`. It has no option for it (it listens on
 * every interface): its listen method is replaced on the class Eleventy instantiates.
 */
export function bindDevServer(host: string): void {
  const require = createRequire(import.meta.url);
  const eleventyRequire = createRequire(require.resolve('@11ty/eleventy'));
  const DevServer = eleventyRequire('@11ty/eleventy-dev-server') as { prototype: DevServerPrototype };
  DevServer.prototype._serverListen = function (this: DevServerPrototype, port: number) {
    this.server.listen({ port, host });
  };
  // The address printed on start ("Server at …") is the one it listens on.
  DevServer.prototype.getHosts = function (this: DevServerPrototype) {
    return [this.getServerUrl(host.includes(':') ? `[${host}]` : host)];
  };
}

/** Why a request path cannot be served (400), if it cannot. */
export function badRequestPath(url: string | undefined): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url ?? '/', 'http://localhost/').pathname;
  } catch {
    return 'not a URL';
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 'a malformed %-escape';
  }
  if (/[\0\\]/.test(decoded)) return 'a NUL or backslash';
  if (decoded.split('/').some((s) => s === '..' || s === '.')) return 'a "." or ".." segment';
  return undefined;
}

/** Whether the file a request maps to (as the server looks for it) lies, links resolved, outside `outputDir`. */
export function leadsOutside(url: string, outputDir: string, pathPrefix = '/'): boolean {
  const root = realpathSync(outputDir);
  let pathname = decodeURIComponent(new URL(url, 'http://localhost/').pathname);
  if (pathPrefix !== '/' && pathname.startsWith(pathPrefix)) pathname = pathname.slice(pathPrefix.length - 1);
  const base = path.join(root, pathname);
  for (const candidate of [base, path.join(base, 'index.html'), `${base.replace(/[\\/]+$/, '')}.html`]) {
    try {
      lstatSync(candidate);
    } catch {
      continue;
    }
    const real = realpathSync(candidate);
    if (real !== root && !real.startsWith(`${root}${path.sep}`)) return true;
  }
  return false;
}

/** Dev server middleware (first in the chain): refuse what cannot be served before the static handler sees it. */
export function devServerGuard(outputDir: () => string, pathPrefix: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const bad = badRequestPath(req.url);
    let status = bad ? 400 : 0;
    if (!bad && !req.url?.startsWith('/.11ty/')) {
      try {
        if (leadsOutside(req.url ?? '/', outputDir(), pathPrefix)) status = 404;
      } catch {
        status = 404;
      }
    }
    if (!status) return next();
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(status === 400 ? `400 Bad Request: the path holds ${bad}.\n` : '404 Not Found\n');
  };
}
