/** Jest runs the TypeScript sources as ESM through ts-jest (see DESIGN.md). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/__tests__/setup-env.ts'],
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 120000,
};
