import { WebClient } from '@slack/web-api';

import { fixedClock } from '../../src/core/clock';
import { openDatabase, type Db } from '../../src/core/db/connection';
import { runMigrations } from '../../src/core/db/migrations';
import type { Repositories } from '../../src/repositories';
import { createAppDeps } from '../../src/deps';
import type { NudgeJobContext } from '../../src/features/nudges/job';
import { nudgesJob, type NudgeJobReport } from '../../src/features/nudges/job';
import { createLogger } from '../../src/core/logger';
import type { DeliveryOptions } from '../../src/core/delivery/delivery';
import { LogCapture, tempDbPath, testConfig } from '../support/harness';
import type { SlackDouble } from '../support/slackDouble';
import { sqliteDatabase } from '../../src/core/db/sqlite';

/** Delivery settings that keep failure tests quick (real waits, short backoff). */
export const FAST: DeliveryOptions = { backoffMs: 10, concurrency: 8 };

export interface JobWorld {
  db: Db;
  dbPath: string;
  repos: Repositories;
  logs: LogCapture;
  /** A JobContext on its own database connection, with the clock standing at `at`. */
  ctx(at: string): NudgeJobContext;
  /** One tick of the nudges job at `at`. */
  tick(at: string, options?: DeliveryOptions): Promise<NudgeJobReport>;
  enrol(userId: string, timeZone: string, enrolledAt?: string, extra?: Partial<{ workingDays: number[]; workStart: string; workEnd: string }>): Promise<void>;
  close(): void;
}

/** A real migrated SQLite file plus JobContexts whose Web API calls go to the double. */
export function jobWorld(double: SlackDouble, dbPath = tempDbPath('lead-coach-nudges-')): JobWorld {
  const db = openDatabase(dbPath);
  runMigrations(db);
  const logs = new LogCapture();
  const config = testConfig(double, dbPath);
  const logger = createLogger('warn', logs);
  const deps = createAppDeps({ config, db: sqliteDatabase(db), logger, clock: fixedClock('2026-01-01T00:00:00Z') });
  const repos = deps.repos;
  const ctx = (at: string): NudgeJobContext => ({
    ...deps,
    clock: fixedClock(at),
    client: new WebClient(config.slackBotToken, { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 } }),
  });
  return {
    db,
    dbPath,
    repos,
    logs,
    ctx,
    tick: (at, options = FAST) => nudgesJob(options).run(new Date(at), ctx(at)) as Promise<NudgeJobReport>,
    async enrol(userId, timeZone, enrolledAt = '2026-11-01T00:00:00Z', extra = {}) {
      await repos.managers.enrol({ userId, teamId: 'T0001', timeZone, enrolledAt: new Date(enrolledAt) });
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
      if (db.open) db.close();
    },
  };
}

/** Text of every DM that reached `userId`, in order. */
export function dmsTo(double: SlackDouble, userId: string): string[] {
  return double.succeeded('chat.postMessage').filter((c) => c.params.channel === userId).map((c) => String(c.params.text));
}

export function deliveryRow(db: Db, key: string): Record<string, unknown> | undefined {
  return db.prepare('SELECT * FROM deliveries WHERE key = ?').get(key) as Record<string, unknown> | undefined;
}
