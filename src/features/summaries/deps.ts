import type { SharedDeps } from '../../core/feature';
import type { DeliveryRepository } from '../../core/delivery/repository';
import type { CalendarHooks } from '../calendar';
import type { ManagerRepository } from '../enrolment';
import type { HomeRefresher } from '../home';
import type { NudgeSettingsRepository } from '../nudges';
import type { OneOnOneRepository } from '../oneOnOnes';
import type { TargetRepository, TimeEntryRepository } from '../timelog';
import type { SummaryRepository } from './repository';

/** What the weekly summaries are given by the composition root. */
export interface SummaryDeps extends Pick<SharedDeps, 'clock' | 'coaching' | 'logger' | 'config' | 'transactor'> {
  repos: {
    managers: ManagerRepository;
    summary: SummaryRepository;
    timeEntries: TimeEntryRepository;
    targets: TargetRepository;
    deliveries: DeliveryRepository;
    nudgeSettings: NudgeSettingsRepository;
    oneOnOnes: OneOnOneRepository;
  };
  refreshHome: HomeRefresher;
  /** Linked calendars: the personal summary's "meetings per your calendar" line. */
  calendar?: CalendarHooks;
}
