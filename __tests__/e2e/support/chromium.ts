import { existsSync } from 'node:fs';

/**
 * The browser every browser test uses: Debian's Chromium (`apt-get install -y chromium`,
 * which `.ci/run` does on a machine that lacks it). `CHROME_PATH` points elsewhere, as it
 * does for Lighthouse.
 */
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Flags for a quiet, reproducible headless run: no GPU, no background traffic, no first-run UI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Throw, saying how to install it, when Chromium is missing: browser tests never skip. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The browser tests drive Debian's Chromium: ` +
        'install it with `apt-get update && apt-get install -y chromium` (as root), ' +
        'or set CHROME_PATH to a Chromium binary.',
    );
  }
  return CHROMIUM_PATH;
}
