import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { buildCommand } from './commands/build.js';
import { serveCommand } from './commands/serve.js';
import { checkCommand } from './commands/check.js';
import { newCommand } from './commands/new.js';
import type { Command } from './commands/types.js';

/** Every command: one module each in src/commands/. */
const COMMANDS: Record<string, Command> = {
  build: { summary: 'Production build into _site/ (exit 1 on a failed equation or bad front matter)', run: buildCommand },
  serve: { summary: 'Build, watch and serve with live reload (--port, default 8080; --host, default 127.0.0.1)', run: serveCommand },
  check: { summary: 'Check the built site: math, unrendered TeX, links, #fragments (exit 1 on errors)', run: checkCommand },
  new: { summary: 'Create posts/<slug>.md from a title: lemma new "My title" [--draft]', run: newCommand },
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
  github: { type: 'boolean' },
  date: { type: 'string' },
  draft: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  threads: { type: 'string' },
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
    '  --path-prefix P    Serve the site under P, e.g. /repo/ (also LEMMA_PATH_PREFIX)',
    '  --date YYYY-MM-DD  Build as if today were that day: later posts stay unpublished (also LEMMA_BUILD_DATE)',
    '  --no-cache         build/serve: ignore and keep no render cache; check: no page-scan cache (in .cache/lemma/; also LEMMA_CACHE=off)',
    '  --threads N        build/serve: worker threads for rendering math and code, 0 = none (also LEMMA_THREADS)',
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
  return command.run({ values, args });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
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
