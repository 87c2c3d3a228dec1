/** Passing Slack failures in a row (no success between them) after which /healthz says `degraded`. */
export const SLACK_FAILURES_BEFORE_DEGRADED = 5;

interface JobRun {
  startedAt: number;
  deadlineAt: number;
}

/**
 * What the process knows about its own health beyond the database: whether Slack calls keep
 * failing and whether a job run overran its deadline. /healthz reads `problems()`; an empty list is `ok`.
 * Slack being down is not fixed by restarting us, so these make the status `degraded`, not 503.
 */
export class HealthMonitor {
  private slackFailuresInARow = 0;
  private lastSlackFailure: string | undefined;
  private readonly running = new Map<string, JobRun>();
  private readonly overran = new Map<string, string>();

  /** `nowMs`: monotonic milliseconds; a deadline is about real time passing, whatever the injected clock says. */
  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  slackCallSucceeded(): void {
    this.slackFailuresInARow = 0;
    this.lastSlackFailure = undefined;
  }

  /** A Slack call failed for a passing reason (timeout, 5xx, reset connection, rate limit given up). */
  slackCallFailed(reason: string): void {
    this.slackFailuresInARow++;
    this.lastSlackFailure = reason;
  }

  jobStarted(job: string, deadlineMs: number): void {
    const startedAt = this.clockMs();
    this.running.set(job, { startedAt, deadlineAt: startedAt + deadlineMs });
  }

  jobFinished(job: string): void {
    const run = this.running.get(job);
    this.running.delete(job);
    if (!run) return;
    const now = this.clockMs();
    if (now > run.deadlineAt) {
      this.overran.set(job, `the last ${job} run took ${seconds(now - run.startedAt)} s, over its ${seconds(run.deadlineAt - run.startedAt)} s deadline`);
    } else {
      this.overran.delete(job);
    }
  }

  /** One sentence per problem, for /healthz and the logs; empty when all is well. */
  problems(): string[] {
    const now = this.clockMs();
    const out: string[] = [];
    if (this.slackFailuresInARow >= SLACK_FAILURES_BEFORE_DEGRADED) {
      out.push(`the last ${this.slackFailuresInARow} Slack calls failed (latest: ${this.lastSlackFailure ?? 'unknown'})`);
    }
    for (const [job, run] of this.running) {
      if (now > run.deadlineAt) {
        out.push(`the ${job} run has been going for ${seconds(now - run.startedAt)} s, past its ${seconds(run.deadlineAt - run.startedAt)} s deadline`);
      }
    }
    for (const [job, problem] of this.overran) if (!this.running.has(job)) out.push(problem);
    return out;
  }

  private clockMs(): number {
    return this.nowMs();
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
