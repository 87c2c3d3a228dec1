import { WebClient } from '@slack/web-api';

import { fixedClock } from '../../src/core/clock';
import type { Db } from '../../src/core/db/connection';
import type { Database } from '../../src/core/db/database';
import type { SqlDatabase } from '../../src/core/db/sql';
import type { Repositories } from '../../src/repositories';
import { createAppDeps } from '../../src/deps';
import { fixedWorkspace } from '../../src/core/workspace';
import { TEST_TEAM_ID } from '../support/slackDouble';
import type { NudgeJobContext } from '../../src/features/nudges/job';
import { nudgesJob, type NudgeJobReport } from '../../src/features/nudges/job';
import { createLogger } from '../../src/core/logger';
import type { DeliveryOptions } from '../../src/core/delivery/delivery';
import { freshDatabase, openTestDatabase, type DatabaseLocator } from '../support/database';
import { LogCapture, testConfig } from '../support/harness';
import type { SlackDouble } from '../support/slackDouble';

/** Delivery settings that keep failure tests quick (real waits, short backoff). */
export const FAST: DeliveryOptions = { backoffMs: 10, concurrency: 8 };

export interface JobWorld {
  /** The world's database on this run's engine: what a test reads to check what was stored. */
  sql: Database;
  /** The SQLite connection, for a test that runs on SQLite only (it throws on PostgreSQL). */
  readonly db: Db;
  /** Where the database lives (SQLite path or PostgreSQL URL); openTestDatabase opens another connection to it. */
  dbPath: DatabaseLocator;
  repos: Repositories;
  logs: LogCapture;
  /** A JobContext on its own database connection, with the clock standing at `at`. */
  ctx(at: string): NudgeJobContext;
  /** One tick of the nudges job at `at`. */
  tick(at: string, options?: DeliveryOptions): Promise<NudgeJobReport>;
  enrol(userId: string, timeZone: string, enrolledAt?: string, extra?: Partial<{ workingDays: number[]; workStart: string; workEnd: string }>): Promise<void>;
  close(): Promise<void>;
}

/** A real migrated database on this run's engine plus JobContexts whose Web API calls go to the double. */
export async function jobWorld(double: SlackDouble, locator?: DatabaseLocator): Promise<JobWorld> {
  const { db, locator: dbPath } = locator ? { db: await openTestDatabase(locator), locator } : await freshDatabase();
  const logs = new LogCapture();
  const config = testConfig(double, dbPath);
  const logger = createLogger('warn', logs);
  const deps = createAppDeps({ config, db, logger, clock: fixedClock('2026-01-01T00:00:00Z'), workspace: fixedWorkspace(TEST_TEAM_ID) });
  const repos = deps.repos;
  const ctx = (at: string): NudgeJobContext => ({
    ...deps,
    clock: fixedClock(at),
    client: new WebClient(config.slackBotToken, { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 } }),
  });
  return {
    sql: db,
    get db(): Db {
      if (db.engine !== 'sqlite') throw new Error('This test reads SQLite directly; read through w.sql to run it on PostgreSQL');
      return db.connection;
    },
    dbPath,
    repos,
    logs,
    ctx,
    tick: (at, options = FAST) => nudgesJob(options).run(new Date(at), ctx(at)) as Promise<NudgeJobReport>,
    async enrol(userId, timeZone, enrolledAt = '2026-11-01T00:00:00Z', extra = {}) {
      await repos.managers.enrol({ userId, timeZone, enrolledAt: new Date(enrolledAt) });
      // Nudges go only to those who chose coaching: these managers pressed Start coaching when enrolled.
      await repos.managers.startCoaching(userId, new Date(enrolledAt));
      // Mark the zone as freshly checked so the job does not call users.info unless a test wants it.
      await repos.managers.refreshSlackTimeZone(userId, timeZone, new Date('2030-01-01T00:00:00Z'));
      if (extra.workingDays || extra.workStart || extra.workEnd) {
        await repos.managers.setWorkingHours(userId, {
          workingDays: extra.workingDays ?? [1, 2, 3, 4, 5],
          workStart: extra.workStart ?? '09:00',
          workEnd: extra.workEnd ?? '18:00',
        });
      }
    },
    close() {
      return db.close();
    },
  };
}

/** Text of every DM that reached `userId`, in order. */
export function dmsTo(double: SlackDouble, userId: string): string[] {
  return double.succeeded('chat.postMessage').filter((c) => c.params.channel === userId).map((c) => String(c.params.text));
}

export function deliveryRow(db: SqlDatabase, key: string): Promise<Record<string, unknown> | undefined> {
  return db.get<Record<string, unknown>>('SELECT * FROM deliveries WHERE key = ?', [key]);
}
