import { serve } from '../build/eleventy.js';
import type { CommandContext } from './types.js';

/** `lemma serve`: build, watch and serve with live reload. */
export async function serveCommand({ values }: CommandContext): Promise<number> {
  const port = values.port ? Number(values.port) : 8080;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`--port must be a port number between 1 and 65535 (got "${values.port}").`);
    return 2;
  }
  await serve(port);
  return 0;
}
