import { rmSync } from 'node:fs';

/** Stop the blog server started by the global setup (it removes its own project), then its temp folder. */
export default async function globalTeardown(): Promise<void> {
  const server = globalThis.lemmaE2eServer;
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.stdin!.end();
    await exited;
  }
  globalThis.lemmaE2eServer = undefined;
  if (globalThis.lemmaE2eTemp) rmSync(globalThis.lemmaE2eTemp, { recursive: true, force: true });
  globalThis.lemmaE2eTemp = undefined;
}
