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

/** A job is a function run once with `now`; the scheduler decides when. */
export interface Job {
  name: string;
  /** node-cron expression (UTC) for the in-process scheduler. */
  schedule: string;
  description: string;
  run(now: Date, ctx: JobContext): Promise<JobReport>;
}
