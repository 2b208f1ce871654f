/** Jest runs the TypeScript sources as ESM through ts-jest (see DESIGN.md). */
const shared = {
  // Jest's transform cache lives with the dependencies, not in the system temp folder.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // Node's, with a temp folder per test file inside the run's own (see __tests__/temp-root/).
  testEnvironment: '<rootDir>/__tests__/temp-root/environment.js',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^node-fetch$': '<rootDir>/__tests__/helpers/node-fetch.cjs' },
  setupFiles: ['<rootDir>/__tests__/setup-env.ts'],
};

export default {
  testTimeout: 120000,
  // The run's own temp folder, and the check that the tests left nothing in it.
  globalSetup: '<rootDir>/__tests__/temp-root/setup.ts',
  globalTeardown: '<rootDir>/__tests__/temp-root/teardown.ts',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      // The Action's and the package's tests run the compiled engine (build/).
      globalSetup: '<rootDir>/__tests__/compile-engine.ts',
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/e2e/'],
    },
    {
      // Browser tests: the global setup builds the sample blog once and serves it (see __tests__/e2e/support).
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/__tests__/e2e/support/global-setup.ts',
      globalTeardown: '<rootDir>/__tests__/e2e/support/global-teardown.ts',
    },
  ],
};
