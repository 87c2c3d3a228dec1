import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_SLACK_TIMEOUT_MS, type Config } from '../src/core/config';
import { openDatabase, type Db } from '../src/core/db/connection';
import { runMigrations } from '../src/core/db/migrations';
import type { ManagerRepository } from '../src/features/enrolment';

/** A migrated SQLite file in a fresh temp folder. */
export function benchDatabase(name: string): { db: Db; dbPath: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lead-coach-bench-${name}-`));
  const dbPath = path.join(dir, 'bench.db');
  const db = openDatabase(dbPath);
  runMigrations(db);
  return { db, dbPath, dir };
}

/** The settings a bench runs the app with: HTTP mode, Web API calls to `slackApiUrl` (a double). */
export function benchConfig(slackApiUrl: string, databasePath: string, logLevel: Config['logLevel']): Config {
  return {
    slackBotToken: 'xoxb-bench',
    slackSigningSecret: 'bench',
    slackAppToken: undefined,
    slackApiUrl,
    slackTimeoutMs: DEFAULT_SLACK_TIMEOUT_MS,
    port: 0,
    databasePath,
    logLevel,
    adminUserIds: [],
    transport: 'http',
  };
}

/** A manager who started coaching (only they get nudges and the weekly DM). */
export async function enrolCoached(
  managers: ManagerRepository,
  m: { userId: string; teamId: string; timeZone: string; enrolledAt: Date },
): Promise<void> {
  await managers.enrol(m);
  await managers.startCoaching(m.userId, m.enrolledAt);
}
