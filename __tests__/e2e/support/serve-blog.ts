/**
 * Build the browser-test blog and serve it until stdin closes (the test run ended or
 * died) or SIGTERM arrives. Prints one JSON line, `ServedBlog`, once it is ready.
 * Run by the jest global setup as `node --import tsx serve-blog.ts <repo root>`, in a
 * process of its own so the page timings Lighthouse measures never wait on the tests.
 */
import { rmSync } from 'node:fs';
import { buildE2eBlog, E2E_PATH_PREFIX } from './blog.js';
import { startStaticServer } from './server.js';

export interface ServedBlog {
  url: string;
  origin: string;
  siteDir: string;
}

const repoRoot = process.argv[2];
if (!repoRoot) {
  console.error('usage: serve-blog.ts <repository root>');
  process.exit(2);
}

try {
  const blog = await buildE2eBlog(repoRoot);
  const server = await startStaticServer(blog.outputDir, { pathPrefix: E2E_PATH_PREFIX });
  const stop = async () => {
    await server.close();
    rmSync(blog.projectDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.stdin.on('end', stop).resume();
  process.on('SIGTERM', stop);
  const ready: ServedBlog = { url: server.url, origin: server.origin, siteDir: blog.outputDir };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
