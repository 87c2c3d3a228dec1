import type { SharedDeps } from '../../core/feature';
import type { CalendarRepository } from '../calendar';
import type { ManagerRepository } from '../enrolment';
import type { HomeRefresher } from '../home';
import type { TargetRepository, TimeEntryRepository } from '../timelog';
import type { PersonalDataRepository } from './repository';

/** What export and forget-me are given by the composition root. */
export interface PrivacyDeps extends Pick<SharedDeps, 'clock' | 'coaching' | 'logger' | 'config'> {
  repos: {
    personalData: PersonalDataRepository;
    timeEntries: TimeEntryRepository;
    targets: TargetRepository;
    managers: ManagerRepository;
    calendars: CalendarRepository;
  };
  refreshHome: HomeRefresher;
}
