import type { WebClient } from '@slack/web-api';

import type { Clock } from '../clock';
import type { Logger } from '../logger';

/**
 * What the scheduler gives every run. A job declares what else it needs by widening this type;
 * the composition root's context carries every feature's dependencies.
 */
export interface JobContext {
  client: WebClient;
  logger: Logger;
  clock: Clock;
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
  // Method syntax on purpose: a job that needs more than JobContext still fits in a Job[] list.
  run(now: Date, ctx: JobContext): Promise<JobReport>;
}
