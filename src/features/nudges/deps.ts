import type { SharedDeps } from '../../core/feature';
import type { DeliveryRepository } from '../../core/delivery/repository';
import type { ManagerRepository } from '../enrolment';
import type { CalendarHooks } from '../calendar';
import type { HomeRefresher } from '../home';
import type { OneOnOneRepository } from '../oneOnOnes';
import type { TargetRepository, TimeEntryRepository, TimeLogActionRepository } from '../timelog';
import type { NudgeSettingsRepository } from './settingsRepository';

/** What the nudges are given by the composition root. */
export interface NudgeDeps extends Pick<SharedDeps, 'clock' | 'coaching' | 'logger' | 'config' | 'transactor'> {
  repos: {
    managers: ManagerRepository;
    nudgeSettings: NudgeSettingsRepository;
    oneOnOnes: OneOnOneRepository;
    timeEntries: TimeEntryRepository;
    timeLogActions: TimeLogActionRepository;
    targets: TargetRepository;
    deliveries: DeliveryRepository;
  };
  refreshHome: HomeRefresher;
  /** The manager's linked calendar, when the calendar feature is on: the check-in's offer, the no-code week. */
  calendar?: CalendarHooks;
}
