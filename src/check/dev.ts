import type { BuildReportData } from '../build/report-file.js';
import type { SiteSettings } from '../settings.js';
import { formatText } from './format/text.js';
import { runCheck } from './index.js';
import { PageScanCache } from './page-cache.js';

/**
 * The check the dev server runs after every (re)build, printing the same report as
 * `lemma check`. A build only records what to check (`built`); the check runs once
 * the build and everything hooked after it (the search index) are done (`run`), so it
 * sees the finished site and never holds up the reload. Unchanged pages are not
 * parsed again, and a report overtaken by a newer build is dropped.
 */
export class DevCheck {
  private pending?: { build: BuildReportData; settings: SiteSettings };
  private readonly pageCache = new PageScanCache();
  private latest = 0;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  built(build: BuildReportData, settings: SiteSettings): void {
    this.pending = { build, settings };
  }

  async run(): Promise<void> {
    const job = this.pending;
    if (!job) return;
    this.pending = undefined;
    const generation = ++this.latest;
    try {
      const report = await runCheck({ siteDir: job.build.directories.output, settings: job.settings, buildReport: job.build, pageCache: this.pageCache });
      if (generation === this.latest) this.out.write(`\n${formatText(report, { color: this.out.isTTY === true && !process.env.NO_COLOR })}`);
    } catch (err) {
      this.out.write(`lemma check could not run: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

/** The dev server's check (the Eleventy config and `serve()` share it). */
export const devCheck = new DevCheck();
