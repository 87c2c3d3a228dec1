import type { Db } from '../connection';
import { createDeliveryRepository } from './deliveries';
import { createFaqRepository } from './faq';
import { createManagerRepository } from './managers';
import { createNudgeSettingsRepository } from './nudgeSettings';
import { createOneOnOneRepository } from './oneOnOnes';
import { createPersonalDataRepository } from './personalData';
import { createSummaryRepository } from './summary';
import { createTargetRepository } from './targets';
import { createTimeEntryRepository } from './timeEntries';

/** Every repository, built once from the database handle by the composition root. */
export function createRepositories(db: Db) {
  return {
    managers: createManagerRepository(db),
    // Loads and validates content/faq and re-indexes it when it changed: broken content stops the start.
    faq: createFaqRepository(db),
    timeEntries: createTimeEntryRepository(db),
    targets: createTargetRepository(db),
    personalData: createPersonalDataRepository(db),
    deliveries: createDeliveryRepository(db),
    nudgeSettings: createNudgeSettingsRepository(db),
    oneOnOnes: createOneOnOneRepository(db),
    summary: createSummaryRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
