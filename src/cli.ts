import { parseArgs } from 'node:util';
import { build, serve } from './build/eleventy.js';
import { pathToFileURL } from 'node:url';
import { printDiagnostics } from './build/report.js';

const USAGE = `Usage: lemma <command> [options]

Commands:
  build              Production build into _site/ (exit 1 when an equation fails)
  serve [--port N]   Build, watch and serve with live reload (default port 8080)

Options:
  --output DIR       Output folder for build (default _site)
  --path-prefix P    Serve the site under P, e.g. /repo/ (also LEMMA_PATH_PREFIX)
  -h, --help         Show this help`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string' },
      port: { type: 'string' },
      'path-prefix': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (values['path-prefix'] !== undefined) process.env.LEMMA_PATH_PREFIX = values['path-prefix'];

  switch (command) {
    case 'build': {
      const started = Date.now();
      const { report, outputDir } = await build({ outputDir: values.output });
      const errors = printDiagnostics(report);
      if (errors > 0) {
        console.error(`Build failed: ${errors} equation error(s). Fix the lines above, then build again.`);
        return 1;
      }
      console.log(`Built ${outputDir}/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      return 0;
    }
    case 'serve': {
      const port = values.port ? Number(values.port) : 8080;
      if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port must be a port number (got "${values.port}").`);
      await serve(port);
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  },
  );
}
