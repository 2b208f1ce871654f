/**
 * Jest global setup: the tests that run the compiled engine (the Action's, the package's)
 * get a build/ as fresh as src/. Compiles only when a source is newer than the last compile.
 */
export default async function compileEngine(): Promise<void> {
  const { ensureCompiled } = await import('../scripts/build-engine.mjs');
  ensureCompiled();
}
