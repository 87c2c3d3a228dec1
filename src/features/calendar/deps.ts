import type { SharedDeps } from '../../core/feature';
import type { DeliveryRepository } from '../../core/delivery/repository';
import type { ManagerRepository } from '../enrolment';
import type { OneOnOneRepository } from '../oneOnOnes';
import type { TimeEntryRepository, TimeLogActionRepository } from '../timelog';
import type { FetchPolicy } from './fetcher';
import type { CalendarRepository } from './repository';

/** What the calendar feature is given by the composition root. */
export interface CalendarDeps extends Pick<SharedDeps, 'clock' | 'logger' | 'config' | 'transactor'> {
  repos: {
    calendars: CalendarRepository;
    managers: ManagerRepository;
    oneOnOnes: OneOnOneRepository;
    timeEntries: TimeEntryRepository;
    timeLogActions: TimeLogActionRepository;
    deliveries: DeliveryRepository;
  };
  /** Tests shorten the deadline; everything else uses DEFAULT_FETCH_POLICY (10 s, 5 MB, 3 redirects). */
  fetchPolicy?: Partial<FetchPolicy>;
}
