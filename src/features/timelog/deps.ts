import type { SharedDeps } from '../../core/feature';
import type { ManagerRepository } from '../enrolment';
import type { HomeRefresher } from '../home';
import type { TargetRepository } from './targetRepository';
import type { TimeLogActionRepository } from './timeLogActionRepository';
import type { TimeEntryRepository } from './timeEntryRepository';

/** What the time log is given by the composition root. */
export interface TimeLogDeps extends Pick<SharedDeps, 'clock' | 'coaching' | 'logger' | 'transactor'> {
  repos: {
    timeEntries: TimeEntryRepository;
    timeLogActions: TimeLogActionRepository;
    targets: TargetRepository;
    managers: ManagerRepository;
  };
  refreshHome: HomeRefresher;
}
