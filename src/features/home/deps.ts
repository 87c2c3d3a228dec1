import type { SharedDeps } from '../../core/feature';
import type { ManagerRepository } from '../enrolment';
import type { TargetRepository, TimeEntryRepository } from '../timelog';
import type { HomeSection } from './sections';

/** What the App Home is given by the composition root: its own reads, and every feature's section in display order. */
export interface HomeDeps extends Pick<SharedDeps, 'clock' | 'coaching' | 'logger' | 'transactor'> {
  repos: {
    managers: ManagerRepository;
    timeEntries: TimeEntryRepository;
    targets: TargetRepository;
  };
  sections: readonly HomeSection[];
}
