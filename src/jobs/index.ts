import type { Job } from './job';

/** Every scheduled job. `lead-coach run-job <name>` and the scheduler read this list. */
export function buildJobs(): Job[] {
  return [];
}
