import type { SqlDatabase } from '../../src/core/db/sql';
import { startTestApp, type StartOptions, type TestApp } from '../support/harness';
import { startFeedServer, type FeedServer } from './feedServer';

export const SECRET_KEY = Buffer.alloc(32, 42);
export const MANAGER = 'U_MANAGER1';

export interface CalendarWorld {
  t: TestApp;
  feeds: FeedServer;
  stop(): Promise<void>;
}

/** The real app with the calendar on (a key, the feed server's origin allowed) and a local feed server. */
export async function calendarWorld(options: StartOptions = {}): Promise<CalendarWorld> {
  const feeds = await startFeedServer();
  const t = await startTestApp({
    ...options,
    config: { secretKey: SECRET_KEY, calendarTestOrigin: feeds.origin, ...options.config },
  });
  return {
    t,
    feeds,
    async stop() {
      await t.stop();
      await feeds.close();
    },
  };
}

/** The stored rows of one of the user's tables, read through the app's database on this run's engine. */
export function rows(db: SqlDatabase, table: string, userId = MANAGER): Promise<Array<Record<string, unknown>>> {
  return db.all<Record<string, unknown>>(`SELECT * FROM ${table} WHERE user_id = ?`, [userId]);
}
