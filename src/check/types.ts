import type { SiteSettings } from '../settings.js';
import type { BuildReportData } from '../build/report-file.js';
import type { ExternalCheckOptions } from './external/types.js';
import type { PageScanCache } from './page-cache.js';

/** What a problem is about; the terminal report and the job summary group by it. */
export type ProblemKind =
  | 'math' // KaTeX error or strict warning collected during the build
  | 'unrendered-math' // TeX left as text in a page: a delimiter the parser did not catch
  | 'link' // <a>/<area> to a page that does not exist
  | 'fragment' // #fragment that matches no id or <a name> on the target page
  | 'asset' // image, stylesheet, script, media or <link> target that does not exist
  | 'external' // a link off the site that failed (only with --external)
  | 'front-matter'
  | 'markup'
  | 'build'; // the build itself failed in a way no source line explains

export interface Problem {
  severity: 'error' | 'warning';
  kind: ProblemKind;
  /** Where to fix it: the Markdown source or template, relative to the project root. */
  file: string;
  /** 1-based line in `file`. */
  line: number;
  message: string;
  /** The URL as written in the page, for link problems. */
  url?: string;
  /** The built page (URL path) it was found on; the first one when it repeats on several. */
  page?: string;
  /** How many built pages show this same problem (a template line repeats on every page). */
  pageCount?: number;
  /** The offending source text, e.g. the TeX of an equation. */
  source?: string;
}

export interface CheckReport {
  problems: Problem[];
  errors: number;
  warnings: number;
  pagesChecked: number;
  /** Pages parsed by this check; the others were unchanged since the last one and their scans kept. */
  pagesParsed?: number;
  /** Internal links, assets and fragments resolved (every occurrence). */
  linksChecked: number;
  /** Distinct external URLs checked (0 without --external). */
  externalChecked: number;
  /** Notes about how the check ran (e.g. no build report found), not problems in the site. */
  notes: string[];
  durationMs: number;
}

export interface CheckOptions {
  /** The built site (`_site`), absolute or relative to `projectRoot`. */
  siteDir: string;
  /** The blog project (default: the working directory). Sources are reported relative to it. */
  projectRoot?: string;
  /** Path prefix the site was built with; default: the build report's, else the settings'. */
  pathPrefix?: string;
  /** Also check links to other sites (slow; off by default). */
  external?: boolean;
  /** Report external failures as errors instead of warnings. */
  strictExternal?: boolean;
  /** Settings to use instead of reading `site/site.json`. */
  settings?: SiteSettings;
  /** Build report to use instead of reading `.cache/lemma/build-report.json` (null: none). */
  buildReport?: BuildReportData | null;
  /** Overrides for the external checker (timeouts, retries, backoff, cache file). */
  externalOptions?: Partial<ExternalCheckOptions>;
  /** Reuse page scans between runs (the dev server re-checks after every rebuild). */
  pageCache?: PageScanCache;
  /**
   * File that keeps page scans between processes, relative to `projectRoot`: unchanged
   * pages are not parsed again. Default `.cache/lemma/check/page-scans.json`; false: none.
   */
  scanStore?: string | false;
}

/** The check could not run at all (no built site, bad settings): exit code 2. */
export class CheckSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckSetupError';
  }
}
