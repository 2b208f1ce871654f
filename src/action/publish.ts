import * as core from '@actions/core';
import type { ActionInputs } from './inputs.js';
import { deployToPagesBranch, type DeployResult, type PagesChange, type PagesTarget } from './pages-branch.js';

/** Where the Pages branch lives, and how to authenticate against it. */
export interface Remote {
  url: string;
  gitConfig: Record<string, string>;
}

/**
 * The repository's own remote, authenticated the way actions/checkout does it (an HTTP
 * header scoped to the GitHub host, so the token is never written into a URL or to disk).
 * The `remote-url` input replaces it: a mirror, or a local bare repository in tests.
 */
export function pagesRemote(inputs: Pick<ActionInputs, 'remoteUrl' | 'token'>, env: NodeJS.ProcessEnv = process.env): Remote {
  if (inputs.remoteUrl) return { url: inputs.remoteUrl, gitConfig: {} };
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const basic = Buffer.from(`x-access-token:${inputs.token}`).toString('base64');
  core.setSecret(basic);
  return {
    url: `${server}/${env.GITHUB_REPOSITORY}.git`,
    gitConfig: { [`http.${server}/.extraheader`]: `AUTHORIZATION: basic ${basic}` },
  };
}

/** Apply one change to the Pages branch, logging what happened. */
export async function publish(change: PagesChange, options: { inputs: ActionInputs; remote: Remote; tempDir: string; message: string; source?: PagesTarget['source'] }): Promise<DeployResult> {
  return core.group(`Deploy to ${options.inputs.branch}`, async () => {
    const result = await deployToPagesBranch(change, {
      remoteUrl: options.remote.url,
      branch: options.inputs.branch,
      gitConfig: options.remote.gitConfig,
      tempDir: options.tempDir,
      message: options.message,
      attempts: options.inputs.pushAttempts,
      source: options.source,
      log: core.info,
    });
    if (result.commit) core.info(`Pushed ${result.commit} to ${options.inputs.branch} (attempt ${result.attempts}).`);
    return result;
  });
}
