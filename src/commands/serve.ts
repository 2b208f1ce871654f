import { serve } from '../build/eleventy.js';
import { isShared, networkUrls, parseHost } from '../build/dev-server-guard.js';
import type { CommandContext } from './types.js';

/** `lemma serve`: build, watch and serve with live reload, on this machine only unless `--host` says otherwise. */
export async function serveCommand({ values }: CommandContext): Promise<number> {
  const port = values.port ? Number(values.port) : 8080;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`--port must be a port number between 1 and 65535 (got "${values.port}").`);
    return 2;
  }
  let host: string;
  try {
    host = parseHost(values.host as string | undefined);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (isShared(host)) {
    const urls = networkUrls(port);
    console.log(`Sharing the dev server with the network (--host ${host}): anyone who can reach this machine can read the site, drafts included${urls.length ? `, at ${urls.join(' or ')}` : ''}.`);
  }
  await serve(port, host);
  return 0;
}
