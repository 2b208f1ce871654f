import { existsSync, watch } from 'node:fs';
import path from 'node:path';
import { filesUnder, layerProject, needsLayers } from '../project-layers.js';
import type { CommandContext } from './types.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Run a command that builds or reads the blog in the working directory. A posts-only
 * blog (one whose site/ does not hold all of the engine's files) runs in a layered
 * folder (src/project-layers.ts), removed when the process exits. While serving, each
 * change to the blog's site/ is copied into it, where Eleventy's watcher sees it.
 */
export async function inBlogFolder(context: CommandContext, run: (context: CommandContext) => Promise<number>, options: { createsOutput: boolean; watches?: boolean }): Promise<number> {
  const blog = process.cwd();
  if (!needsLayers(blog)) return run(context);

  const values = { ...context.values };
  const output = typeof values.output === 'string' ? values.output : '_site';
  // An output outside the blog is named as it is; inside, it is linked into the layers like the rest.
  const ensure = ['.cache'];
  const first = output.split(/[\\/]/)[0];
  if (path.isAbsolute(output) || first === '..') values.output = path.resolve(blog, output);
  else if (options.createsOutput) ensure.push(first);

  const layered = layerProject(blog, { ensure });
  const remove = () => layered.remove();
  // A server ends with a signal: remove the folder, then end as that signal would have.
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    process.kill(process.pid, signal);
  };
  process.once('exit', remove);
  for (const s of SIGNALS) process.once(s, onSignal);
  if (options.watches && existsSync(path.join(blog, 'site'))) {
    // Recursive watching works on Linux, macOS and Windows from Node 20.
    const site = path.join(blog, 'site');
    // The event names what changed (a deletion too), but on Linux Node watches a new
    // subfolder only once it has seen it, after files may already be written there: so each
    // event is also followed by a walk of the whole (small) site/ folder, now and a moment later.
    const copyAll = () => {
      for (const file of filesUnder(site)) layered.refresh(file);
    };
    let pending: NodeJS.Timeout | undefined;
    watch(site, { recursive: true }, (_event, file) => {
      if (file) layered.refresh(file.split(path.sep).join('/'));
      clearTimeout(pending);
      pending = setTimeout(() => {
        copyAll();
        setTimeout(copyAll, 1000).unref();
      }, 100).unref();
    }).unref();
  }
  process.chdir(layered.dir);
  return run({ ...context, values });
}
