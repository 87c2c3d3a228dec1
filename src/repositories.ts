import type { Database } from './core/db/database';
import type { Workspace } from './core/workspace';
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
function lazyFaqRepository(database: Database, workspace: Workspace): () => FaqRepository {
  let faq: FaqRepository | undefined;
  return () => {
    if (!faq) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const faqModule = require('./features/faq/repository') as typeof FaqModule;
      // The word vectors are read when the FAQ is built (at start), so no manager's first question waits for them.
      faq = faqModule.createFaqRepository(database, { wordVectors: 'eager', workspace });
    }
    return faq;
  };
}

/**
 * Every repository, built once from the database handle by the composition root. Each reads and
 * writes only the rows of `workspace` (see core/workspace.ts).
 */
export function createRepositories(database: Database, workspace: Workspace) {
  const faq = lazyFaqRepository(database, workspace);
  return {
    managers: createManagerRepository(database, workspace),
    invitations: createInvitationRepository(database, workspace),
    get faq(): FaqRepository {
      return faq();
    },
    timeEntries: createTimeEntryRepository(database, workspace),
    targets: createTargetRepository(database, workspace),
    timeLogActions: createTimeLogActionRepository(database, workspace),
    personalData: createPersonalDataRepository(database, workspace),
    deliveries: createDeliveryRepository(database, workspace),
    nudgeSettings: createNudgeSettingsRepository(database, workspace),
    oneOnOnes: createOneOnOneRepository(database, workspace),
    summary: createSummaryRepository(database, workspace),
    requestKeys: createRequestKeys(database),
    calendars: createCalendarRepository(database, workspace),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
