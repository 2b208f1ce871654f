/**
 * The environment of every process the engine runs (the build, the check, npm installing
 * the engine). Eleventy runs the blog's JavaScript data files, which a pull request may have
 * written, so none of it may see a credential or a way to reach later steps of the job:
 * - the action's inputs (`INPUT_TOKEN`) and anything named like a token or secret;
 * - the runner's own credentials (`ACTIONS_RUNTIME_TOKEN`, `ACTIONS_ID_TOKEN_REQUEST_*`, the
 *   cache and results service URLs): every `ACTIONS_*` variable;
 * - the file commands (`GITHUB_ENV`, `GITHUB_PATH`, `GITHUB_OUTPUT`, …), which would let it set
 *   variables or outputs for the steps after this one.
 * Only the action's own process talks to git and the GitHub API.
 */
const FILE_COMMANDS = ['GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'];

export function isWithheld(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    upper.startsWith('INPUT_') ||
    upper.startsWith('ACTIONS_') ||
    /TOKEN|SECRET|PASSWORD|CREDENTIAL|PRIVATE_KEY/.test(upper) ||
    FILE_COMMANDS.includes(upper)
  );
}

/**
 * `base` without what `isWithheld` names, plus `extra`. With `untrusted` (a pull request from
 * a fork) the engine refuses JavaScript data files and JavaScript front matter.
 */
export function engineEnv(extra: NodeJS.ProcessEnv = {}, options: { untrusted?: boolean; base?: NodeJS.ProcessEnv } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(options.base ?? process.env)) {
    if (value !== undefined && !isWithheld(name)) env[name] = value;
  }
  Object.assign(env, extra);
  if (options.untrusted) env.LEMMA_UNTRUSTED = '1';
  return env;
}
