import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as core from '@actions/core';

/** Where a successful build goes. */
export type DeployMode = 'branch' | 'artifact' | 'none';
/** When the (slow) external-link check runs. */
export type ExternalLinks = 'schedule' | 'always' | 'never';

/** Every input of action.yml, read once, validated and typed. */
export interface ActionInputs {
  token: string;
  deploy: DeployMode;
  branch: string;
  workingDirectory: string;
  siteUrl: string;
  cname: string;
  externalLinks: ExternalLinks;
  linkRotIssue: boolean;
  previews: boolean;
  remoteUrl: string;
  pushAttempts: number;
}

export class InputError extends Error {
  constructor(input: string, message: string) {
    super(`Input "${input}": ${message}`);
    this.name = 'InputError';
  }
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(name, `"${value}" is not one of ${allowed.map((a) => `"${a}"`).join(', ')}.`);
}

function bool(name: string, fallback: boolean): boolean {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', 'on', '1'].includes(value)) return true;
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  throw new InputError(name, `"${value}" is not a boolean; use true or false.`);
}

/** A branch name git itself accepts (no spaces, no `..`, no trailing `.lock`, …). */
function branchName(value: string): string {
  const ok = value !== '' && !value.startsWith('-') && spawnSync('git', ['check-ref-format', `refs/heads/${value}`]).status === 0;
  if (!ok) throw new InputError('branch', `"${value}" is not a valid git branch name (e.g. "gh-pages").`);
  return value;
}

/** A bare host name such as `blog.example.com` (what GitHub Pages expects in CNAME). */
function hostName(value: string): string {
  if (value === '') return value;
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(value)) {
    throw new InputError('cname', `"${value}" is not a host name; write just the domain, e.g. "blog.example.com".`);
  }
  return value.toLowerCase();
}

function absoluteUrl(value: string): string {
  if (value === '') return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError('site-url', `"${value}" is not a URL; write the full address, e.g. "https://you.github.io/blog/".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError('site-url', `"${value}" must start with https:// or http://.`);
  return url.href;
}

/**
 * A git remote for the Pages branch: an https/ssh/git URL, `user@host:path`, or an absolute
 * path to an existing repository. Nothing git would take as an option or as a command to run
 * (`ext::` and `fd::` transports), nothing with spaces or line breaks.
 */
function remoteUrl(value: string): string {
  if (value === '') return value;
  const fix = 'Write an https:// or ssh:// URL (e.g. "https://github.com/you/mirror.git"), "git@host:you/mirror.git", or an absolute path to a bare repository.';
  if (/\s/.test(value) || value.startsWith('-')) throw new InputError('remote-url', `"${value}" is not a git remote: it ${value.startsWith('-') ? 'starts with "-"' : 'holds spaces or line breaks'}. ${fix}`);
  if (/^(https?|ssh|git|file):\/\/[^/]/i.test(value) || (value.startsWith('file:///') && existsSync(value.slice('file://'.length)))) {
    if (/^https?:\/\/[^/]*@/i.test(value)) throw new InputError('remote-url', 'holds a user name or password in the URL, which would be printed in the log. Use a credential helper or an ssh key instead.');
    return value;
  }
  if (/^[\w.-]+@[\w.-]+:[^:]/.test(value)) return value;
  if (path.isAbsolute(value) && existsSync(value)) return value;
  if (path.isAbsolute(value)) throw new InputError('remote-url', `${value} does not exist. ${fix}`);
  throw new InputError('remote-url', `"${value}" is not a git remote git can reach safely. ${fix}`);
}

export function readInputs(workspace: string): ActionInputs {
  const deploy = oneOf<DeployMode>('deploy', core.getInput('deploy').trim() || 'branch', ['branch', 'artifact', 'none']);
  const workingDirectory = path.resolve(workspace, core.getInput('working-directory').trim() || '.');
  if (!existsSync(workingDirectory) || !statSync(workingDirectory).isDirectory()) {
    throw new InputError('working-directory', `${workingDirectory} is not a folder in the checked-out repository. Did the job run actions/checkout first?`);
  }
  if (!existsSync(path.join(workingDirectory, 'posts'))) {
    throw new InputError('working-directory', `${workingDirectory} has no posts/ folder. Point working-directory at the folder that holds posts/ and site/site.json.`);
  }
  const attempts = Number(core.getInput('push-attempts').trim() || '5');
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 20) {
    throw new InputError('push-attempts', `"${core.getInput('push-attempts')}" must be a whole number from 1 to 20.`);
  }
  const token = core.getInput('token').trim();
  if (token) core.setSecret(token);
  return {
    token,
    deploy,
    branch: branchName(core.getInput('branch').trim() || 'gh-pages'),
    workingDirectory,
    siteUrl: absoluteUrl(core.getInput('site-url').trim()),
    cname: hostName(core.getInput('cname').trim()),
    externalLinks: oneOf<ExternalLinks>('external-links', core.getInput('external-links').trim() || 'schedule', ['schedule', 'always', 'never']),
    linkRotIssue: bool('link-rot-issue', true),
    previews: bool('previews', true),
    remoteUrl: remoteUrl(core.getInput('remote-url').trim()),
    pushAttempts: attempts,
  };
}
