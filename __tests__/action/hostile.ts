/** Hostile inputs shared by the tests of what engine processes print and reach. */

/** Lines a post or data file may make the engine print, each a workflow command if echoed as is. */
export const HOSTILE = [
  '::error file=README.md,line=1::Injected',
  '::add-mask::hostile-mask',
  '::stop-commands::guessed-token',
  '::set-output name=errors::0',
  '::set-env name=NODE_OPTIONS::--require=/tmp/hostile.js',
  '##[error]Injected the old way',
  '   ::warning::Injected with indentation',
  '::endgroup::',
  '::guessed-token::',
];
/** Credentials a runner puts in the step's environment. */
export const SECRETS = { GITHUB_TOKEN: 'ghs_job-token', ACTIONS_RUNTIME_TOKEN: 'runtime-token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-token', ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/', ACTIONS_CACHE_URL: 'https://cache.example/', ACTIONS_RESULTS_URL: 'https://results.example/' };

/**
 * A site data file that prints hostile lines (on stdout and stderr, the last without a
 * newline) and writes the environment it was given to `dump`: what any JavaScript the build
 * runs could do.
 */
export function hostileDataFile(dump: string): string {
  return [
    'const fs = require("node:fs");',
    `module.exports = () => {`,
    `  fs.writeFileSync(${JSON.stringify(dump)}, JSON.stringify(process.env));`,
    ...HOSTILE.map((line, i) => `  ${i % 2 ? 'console.error' : 'console.log'}(${JSON.stringify(line)});`),
    '  process.stdout.write("::error::Injected without a newline");',
    '  return { ran: true };',
    '};',
    '',
  ].join('\n');
}

/** What a dumped environment must never hold. */
export function expectNoCredentials(env: Record<string, string>): void {
  const names = Object.keys(env);
  expect(names.filter((n) => /^INPUT_|^ACTIONS_|TOKEN|^GITHUB_(ENV|PATH|OUTPUT|STATE|STEP_SUMMARY)$/i.test(n))).toEqual([]);
  const values = Object.values(env).join('\n');
  for (const secret of ['test-token', ...Object.values(SECRETS)]) expect(values).not.toContain(secret);
}

