import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Command, CommandContext } from './commands/types.js';
import { inBlogFolder } from './commands/in-blog-folder.js';

/**
 * Every command: one module each in src/commands/, imported only when it runs, so
 * `lemma --help`, `lemma new` and `lemma init` never load Eleventy. `layered`: runs
 * where a posts-only blog's site/ files lie over the engine's (src/project-layers.ts).
 */
const COMMANDS: Record<string, Command> = {
  build: { summary: 'Production build into _site/ (exit 1 on a failed equation or bad front matter)', layered: { createsOutput: true }, run: async (c) => (await import('./commands/build.js')).buildCommand(c) },
  serve: { summary: 'Build, watch and serve with live reload (--port, default 8080; --host, default 127.0.0.1)', layered: { createsOutput: true, watches: true }, run: async (c) => (await import('./commands/serve.js')).serveCommand(c) },
  check: { summary: 'Check the built site: math, unrendered TeX, links, #fragments (exit 1 on errors)', layered: { createsOutput: false }, run: async (c) => (await import('./commands/check.js')).checkCommand(c) },
  new: { summary: 'Create posts/<slug>.md from a title: lemma new "My title" [--draft]', run: async (c) => (await import('./commands/new.js')).newCommand(c) },
  init: { summary: 'Create a posts-only blog in FOLDER (default: here): lemma init [FOLDER] [--engine SPEC]', run: async (c) => (await import('./commands/init.js')).initCommand(c) },
  import: { summary: 'Import a Jekyll, Hugo or Pelican site (or a Markdown folder) into posts/: lemma import <folder>', run: async (c) => (await import('./commands/import.js')).importCommand(c) },
};

/** Flags any command may take; each command reads the ones it knows. */
const OPTIONS = {
  output: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'path-prefix': { type: 'string' },
  external: { type: 'boolean' },
  'strict-external': { type: 'boolean' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  github: { type: 'boolean' },
  date: { type: 'string' },
  draft: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  threads: { type: 'string' },
  engine: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usage(): string {
  const commands = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    'Usage: lemma <command> [options]',
    '',
    'Commands:',
    ...commands,
    '',
    'Options:',
    '  --output DIR       Output folder for build, and the folder check reads (default _site)',
    '  --host ADDRESS     serve: listen on ADDRESS (default 127.0.0.1, this machine only; 0.0.0.0 shares it with the network)',
    '  --external         check: also check links to other sites (warnings)',
    '  --strict-external  check: like --external, but failures are errors',
    '  --json             check: print the report as JSON',
    '  --github           check: GitHub annotations on stderr, job summary to $GITHUB_STEP_SUMMARY',
    '  --format F         check: text (default), json (= --json) or github (= --github)',
    '  --path-prefix P    Serve the site under P, e.g. /repo/ (also LEMMA_PATH_PREFIX)',
    '  --date YYYY-MM-DD  Build as if today were that day: later posts stay unpublished (also LEMMA_BUILD_DATE)',
    '  --no-cache         build/serve: ignore and keep no render cache; check: no page-scan cache (in .cache/lemma/; also LEMMA_CACHE=off)',
    '  --threads N        build/serve: worker threads for rendering math and code, 0 = none (also LEMMA_THREADS)',
    '  --engine SPEC      init: the npm spec the new blog depends on (default: this engine, by a file: path)',
    '  -h, --help         Show this help',
  ].join('\n');
}

/**
 * The message of an error and of the errors it wraps: Eleventy reports a failing config
 * as "Error in your Eleventy config file" and keeps the reason (bad settings, a refused
 * file) in `originalError`. The innermost one is the author's problem: it comes first.
 */
export function explainError(err: unknown): string {
  const chain: string[] = [];
  for (let e: unknown = err; e !== undefined && e !== null && chain.length < 10; ) {
    chain.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? ((e as { originalError?: unknown }).originalError ?? e.cause) : undefined;
  }
  const [innermost, ...wrappers] = chain.reverse();
  return wrappers.length ? `${innermost}\n(${wrappers.reverse().join(': ')})` : innermost;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: OPTIONS });
  const [name, ...args] = positionals;
  if (values.help || !name) {
    console.log(usage());
    return name || values.help ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  if (typeof values['path-prefix'] === 'string') process.env.LEMMA_PATH_PREFIX = values['path-prefix'];
  if (values['no-cache']) process.env.LEMMA_CACHE = 'off';
  if (typeof values.threads === 'string') process.env.LEMMA_THREADS = values.threads;
  if (typeof values.date === 'string') process.env.LEMMA_BUILD_DATE = values.date;
  const context: CommandContext = { values, args };
  return command.layered ? inBlogFolder(context, command.run, command.layered) : command.run(context);
}

/** Run the CLI as a program: exit code from the command, 2 when it could not run at all. */
export function runMain(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (err: unknown) => {
      // Could not run at all (bad settings, missing files): exit 2 with the reason.
      console.error(explainError(err));
      process.exitCode = 2;
    },
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runMain(process.argv.slice(2));
