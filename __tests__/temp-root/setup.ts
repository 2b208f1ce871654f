// @ts-expect-error: a plain JavaScript module, so the browser tests' global setup can load it too.
import { useOwnTempRoot } from './root.js';

/** The whole run's global setup (jest.config.js): the run's own temp folder. */
export default function globalSetup(): void {
  useOwnTempRoot();
}
