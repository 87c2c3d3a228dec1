import type { Job } from './core/jobs/job';
import { calendarRefreshJob } from './features/calendar/job';
import { nudgesJob } from './features/nudges/job';
import { weeklySummaryJob } from './features/summaries/job';

/** Every scheduled job. `lead-coach run-job <name>` and the scheduler read this list. */
export function buildJobs(): Job[] {
  return [weeklySummaryJob(), nudgesJob(), calendarRefreshJob()];
}
