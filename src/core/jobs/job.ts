import type { WebClient } from '@slack/web-api';

import type { Clock } from '../clock';
import type { HealthMonitor } from '../http/healthMonitor';
import type { Logger } from '../logger';

/**
 * What the scheduler gives every run. A job declares what else it needs by widening this type;
 * the composition root's context carries every feature's dependencies.
 */
export interface JobContext {
  client: WebClient;
  logger: Logger;
  clock: Clock;
  /** Overruns and Slack failures, reported by /healthz as `degraded`. */
  health: HealthMonitor;
}

/** What one run of a job did, printed by `lead-coach run-job` and logged by the scheduler. */
export interface JobReport {
  /** One line per thing done (message sent, occurrence missed, ...). */
  lines: string[];
  [key: string]: unknown;
}

/** A per-minute job's run should be over before the next tick: 55 s. */
export const JOB_DEADLINE_MS = 55_000;

/** A job is a function run once with `now`; the scheduler decides when. */
export interface Job {
  name: string;
  /** node-cron expression (UTC) for the in-process scheduler. */
  schedule: string;
  description: string;
  /** How long one run may take before it counts as overrunning (logged, /healthz degraded); default JOB_DEADLINE_MS. */
  deadlineMs?: number;
  // Method syntax on purpose: a job that needs more than JobContext still fits in a Job[] list.
  run(now: Date, ctx: JobContext): Promise<JobReport>;
}
