import { spawnSync } from 'node:child_process';

/** What `.ci/run` installs: Debian's Prometheus package carries promtool. */
export const INSTALL_PROMTOOL = 'apt-get install -y --no-install-recommends prometheus';

export interface PromtoolRun {
  readonly status: number | null;
  /** stdout and stderr together: promtool prints its findings on either. */
  readonly output: string;
}

/** Runs `promtool <args>` in `cwd`; fails the test saying how to install promtool when it is missing. */
export function promtool(args: readonly string[], cwd: string): PromtoolRun {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`promtool is not installed: ${INSTALL_PROMTOOL}`);
  }
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
