// Eleventy's own ESM resolver hook cannot be registered inside jest's VM modules.
process.env.ELEVENTY_SKIP_ESM_RESOLVER = '1';
