import { spawn } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class GitError extends Error {
  constructor(
    args: string[],
    readonly result: GitResult,
  ) {
    super(`git ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
    this.name = 'GitError';
  }
}

/** A git repository on disk, driven through the real `git` binary. */
export class Git {
  constructor(
    readonly dir: string,
    /** `-c key=value` settings for every command (identity, auth header) — never written to disk. */
    private readonly config: Record<string, string> = {},
  ) {}

  /** Run git; resolve with its output whatever the exit code. */
  exec(args: string[]): Promise<GitResult> {
    const configArgs = Object.entries(this.config).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
    return new Promise((resolve, reject) => {
      const child = spawn('git', [...configArgs, ...args], {
        cwd: this.dir,
        // Never prompt for credentials: a missing token must fail, not hang the job.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  }

  /** Run git; throw a GitError naming the command and git's message when it fails. */
  async run(args: string[]): Promise<string> {
    const result = await this.exec(args);
    if (result.code !== 0) throw new GitError(args, result);
    return result.stdout;
  }
}
