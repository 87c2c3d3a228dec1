import type { Db } from './core/db/connection';
import { createDeliveryRepository } from './core/delivery/repository';
import { createCalendarRepository } from './features/calendar/repository';
import { createFaqRepository } from './features/faq/repository';
import { createInvitationRepository, createManagerRepository } from './features/enrolment/repository';
import { createNudgeSettingsRepository } from './features/nudges/settingsRepository';
import { createOneOnOneRepository } from './features/oneOnOnes/repository';
import { createRequestKeys } from './core/slack/once';
import { createPersonalDataRepository } from './features/privacy/repository';
import { createSummaryRepository } from './features/summaries/repository';
import { createTargetRepository } from './features/timelog/targetRepository';
import { createTimeEntryRepository } from './features/timelog/timeEntryRepository';
import { createTimeLogActionRepository } from './features/timelog/timeLogActionRepository';

/** Every repository, built once from the database handle by the composition root. */
export function createRepositories(db: Db) {
  return {
    managers: createManagerRepository(db),
    invitations: createInvitationRepository(db),
    // Loads and validates content/faq and re-indexes it when it changed: broken content stops the start.
    faq: createFaqRepository(db),
    timeEntries: createTimeEntryRepository(db),
    targets: createTargetRepository(db),
    timeLogActions: createTimeLogActionRepository(db),
    personalData: createPersonalDataRepository(db),
    deliveries: createDeliveryRepository(db),
    nudgeSettings: createNudgeSettingsRepository(db),
    oneOnOnes: createOneOnOneRepository(db),
    summary: createSummaryRepository(db),
    requestKeys: createRequestKeys(db),
    calendars: createCalendarRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
