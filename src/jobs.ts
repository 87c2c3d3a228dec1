import type { Job } from './core/jobs/job';
import type * as CalendarJobModule from './features/calendar/job';
import type * as NudgesJobModule from './features/nudges/job';
import type * as SummaryJobModule from './features/summaries/job';

/* eslint-disable @typescript-eslint/no-require-imports -- each job's module loads only when that job is built */
/**
 * Every scheduled job, by name, in the order the scheduler starts them. Each module is loaded when
 * its job is built, so `lead-coach run-job nudges` does not load the summary's chart or the
 * calendar's iCal parser.
 */
const JOBS: ReadonlyArray<{ name: string; build: () => Job }> = [
  { name: 'weekly-summary', build: () => (require('./features/summaries/job') as typeof SummaryJobModule).weeklySummaryJob() },
  { name: 'nudges', build: () => (require('./features/nudges/job') as typeof NudgesJobModule).nudgesJob() },
  { name: 'calendar-refresh', build: () => (require('./features/calendar/job') as typeof CalendarJobModule).calendarRefreshJob() },
];
/* eslint-enable @typescript-eslint/no-require-imports */

export const JOB_NAMES: readonly string[] = JOBS.map((j) => j.name);

/** One job by name, or undefined for a name no job has. */
export function buildJob(name: string): Job | undefined {
  return JOBS.find((j) => j.name === name)?.build();
}

/** Every scheduled job. The scheduler runs these; `lead-coach run-job <name>` builds one with buildJob. */
export function buildJobs(): Job[] {
  return JOBS.map((j) => j.build());
}
