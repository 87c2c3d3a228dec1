import type { Job } from './job';
import { nudgesJob } from './nudges';
import { weeklySummaryJob } from './weeklySummary';

/** Every scheduled job. `lead-coach run-job <name>` and the scheduler read this list. */
export function buildJobs(): Job[] {
  return [weeklySummaryJob(), nudgesJob()];
}
