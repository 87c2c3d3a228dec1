import type { Database } from './core/db/database';
import { createDeliveryRepository } from './core/delivery/repository';
import { createCalendarRepository } from './features/calendar/repository';
import type * as FaqModule from './features/faq/repository';
import type { FaqRepository } from './features/faq/repository';
import { createInvitationRepository, createManagerRepository } from './features/enrolment/repository';
import { createNudgeSettingsRepository } from './features/nudges/settingsRepository';
import { createOneOnOneRepository } from './features/oneOnOnes/repository';
import { createRequestKeys } from './core/slack/once';
import { createPersonalDataRepository } from './features/privacy/repository';
import { createSummaryRepository } from './features/summaries/repository';
import { createTargetRepository } from './features/timelog/targetRepository';
import { createTimeEntryRepository } from './features/timelog/timeEntryRepository';
import { createTimeLogActionRepository } from './features/timelog/timeLogActionRepository';

/**
 * The FAQ repository is built on first use: it loads and validates content/faq and re-indexes it
 * when it changed (so broken content stops the start, where the FAQ feature is wired), and its
 * module pulls in the whole search. A one-shot `run-job` never uses it and skips both.
 */
function lazyFaqRepository(database: Database): () => FaqRepository {
  let faq: FaqRepository | undefined;
  return () => {
    if (!faq) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const faqModule = require('./features/faq/repository') as typeof FaqModule;
      // The word vectors are read when the FAQ is built (at start), so no manager's first question waits for them.
      faq = faqModule.createFaqRepository(database, { wordVectors: 'eager' });
    }
    return faq;
  };
}

/** Every repository, built once from the database handle by the composition root. */
export function createRepositories(database: Database) {
  const faq = lazyFaqRepository(database);
  return {
    managers: createManagerRepository(database),
    invitations: createInvitationRepository(database),
    get faq(): FaqRepository {
      return faq();
    },
    timeEntries: createTimeEntryRepository(database),
    targets: createTargetRepository(database),
    timeLogActions: createTimeLogActionRepository(database),
    personalData: createPersonalDataRepository(database),
    deliveries: createDeliveryRepository(database),
    nudgeSettings: createNudgeSettingsRepository(database),
    oneOnOnes: createOneOnOneRepository(database),
    summary: createSummaryRepository(database),
    requestKeys: createRequestKeys(database),
    calendars: createCalendarRepository(database),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
