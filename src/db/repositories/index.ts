import type { Db } from '../connection';
import { createManagerRepository } from './managers';
import { createTimeEntryRepository } from './timeEntries';

/** Every repository, built once from the database handle by the composition root. */
export function createRepositories(db: Db) {
  return {
    managers: createManagerRepository(db),
    timeEntries: createTimeEntryRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
