import { appendFileSync } from 'node:fs';
import { runCheck } from '../check/index.js';
import { formatJson } from '../check/format/json.js';
import { formatText } from '../check/format/text.js';
import { githubAnnotations, jobSummary, workflowCommand } from '../check/format/github.js';
import type { CommandContext } from './types.js';

const FORMATS = new Set(['text', 'json', 'github']);

/**
 * `lemma check`: check the built site. Exit 0 when clean (warnings allowed),
 * 1 when any error is found; a CheckSetupError (no site, bad settings) exits 2.
 */
export async function checkCommand({ values }: CommandContext): Promise<number> {
  // `--format json|github|text` says the same as `--json` / `--github`.
  const format = values.format;
  if (format !== undefined && !(typeof format === 'string' && FORMATS.has(format))) {
    console.error(`--format must be text, json or github (got "${String(format)}").`);
    return 2;
  }
  const json = values.json === true || format === 'json';
  const github = values.github === true || format === 'github';
  const report = await runCheck({
    siteDir: typeof values.output === 'string' ? values.output : '_site',
    pathPrefix: process.env.LEMMA_PATH_PREFIX,
    external: values.external === true || values['strict-external'] === true,
    strictExternal: values['strict-external'] === true,
  });

  if (json) process.stdout.write(formatJson(report));
  else process.stdout.write(formatText(report, { color: process.stdout.isTTY === true && !process.env.NO_COLOR }));

  if (github) {
    // Annotations go to stderr so that `--json --github` still prints clean JSON on stdout.
    for (const annotation of githubAnnotations(report)) process.stderr.write(`${workflowCommand(annotation)}\n`);
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, jobSummary(report));
  }
  return report.errors > 0 ? 1 : 0;
}
