/** Where the global setup (`global-setup.ts`) serves the browser-test blog. */
export interface E2eSite {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The built site on disk. */
  siteDir: string;
  /** Absolute URL of a page of the blog: `url('posts/hello-world/')`. */
  url(pagePath?: string): string;
}

export function e2eSite(): E2eSite {
  const { LEMMA_E2E_SETUP_ERROR: setupError, LEMMA_E2E_URL: home, LEMMA_E2E_ORIGIN: origin, LEMMA_E2E_SITE_DIR: siteDir } = process.env;
  if (setupError) throw new Error(setupError);
  if (!home || !origin || !siteDir) {
    throw new Error('The browser-test blog is not being served: run the browser tests through jest (`npm run test:e2e`), whose e2e project builds and serves it.');
  }
  return { origin, siteDir, url: (pagePath = '') => new URL(pagePath.replace(/^\//, ''), home).href };
}
