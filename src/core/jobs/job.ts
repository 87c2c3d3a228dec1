import type { WebClient } from '@slack/web-api';

import type { AppDeps } from '../../deps';

export interface JobContext extends AppDeps {
  client: WebClient;
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
  run(now: Date, ctx: JobContext): Promise<JobReport>;
}
