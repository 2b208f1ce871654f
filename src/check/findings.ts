import type { Needle } from './source-locator.js';
import type { Problem, ProblemKind } from './types.js';

/** A problem found on a built page, before it is traced back to the source line that wrote it. */
export interface Finding {
  severity: Problem['severity'];
  kind: ProblemKind;
  message: string;
  url?: string;
  source?: string;
  /** The page it is on: path inside the site folder (`posts/a/index.html`). */
  page: string;
  /** Strings to look for in the sources, most specific first. */
  needles: Needle[];
  /** Drop it when the page has a source file and none of the needles is in it. */
  mustBeInSource?: boolean;
  htmlLine: number;
}
