import { spawnSync } from 'node:child_process';

/** GitHub disables a public repository's scheduled workflows after 60 days without activity. */
export const SCHEDULE_LIMIT_DAYS = 60;
/** Warn this long before, so there is time to act. */
export const SCHEDULE_WARN_DAYS = 45;

/** Days since the checked-out commit was made, or undefined when git cannot tell. */
export function daysSinceLastCommit(workspace: string, now = Date.now()): number | undefined {
  const result = spawnSync('git', ['log', '-1', '--format=%ct', 'HEAD'], { cwd: workspace, encoding: 'utf8' });
  const seconds = Number(result.stdout?.trim());
  if (result.status !== 0 || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  return Math.floor((now - seconds * 1000) / 86_400_000);
}

/** The warning a scheduled run gives when its schedule is close to being switched off, if it is. */
export function scheduleWarning(days: number | undefined): string | undefined {
  if (days === undefined || days <= SCHEDULE_WARN_DAYS) return undefined;
  return (
    `The last commit to this repository is ${days} days old. GitHub turns scheduled workflows off after ${SCHEDULE_LIMIT_DAYS} days ` +
    'without activity, and then posts dated in the future stop appearing. Push any commit (or re-enable the workflow in the Actions tab) to keep the schedule running.'
  );
}
