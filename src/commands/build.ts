import { build } from '../build/eleventy.js';
import { printDiagnostics } from '../build/report.js';
import type { CommandContext } from './types.js';

/** `lemma build`: production build; exit 1 when any equation failed. */
export async function buildCommand({ values }: CommandContext): Promise<number> {
  const started = Date.now();
  const { report, outputDir } = await build({ outputDir: values.output as string | undefined });
  const errors = printDiagnostics(report);
  if (errors > 0) {
    console.error(`Build failed: ${errors} error(s). Fix the lines above, then build again.`);
    return 1;
  }
  console.log(`Built ${outputDir}/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
}
