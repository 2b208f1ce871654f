/** Stop the blog server started by the global setup; it removes its own temp project. */
export default async function globalTeardown(): Promise<void> {
  const server = globalThis.lemmaE2eServer;
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.stdin!.end();
  await exited;
  globalThis.lemmaE2eServer = undefined;
}
