import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import { openDatabase } from '../../src/core/db/connection';
import type { Database } from '../../src/core/db/database';
import { migrateDatabase, migrationsDirFor, readMigrations } from '../../src/core/db/migrations';
import { postgresDatabase, sqlState } from '../../src/core/db/postgres';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { createLogger } from '../../src/core/logger';

/**
 * Which engine this jest run's storage and end-to-end tests use. `npm test` runs every test on
 * SQLite, then the files marked `@engines sqlite postgres` again with LEAD_COACH_TEST_ENGINE=postgres
 * against the throwaway server in TEST_DATABASE_URL (test/support/postgres-cluster.sh).
 */
export type TestEngine = 'sqlite' | 'postgres';

export function testEngine(): TestEngine {
  if (process.env.LEAD_COACH_TEST_ENGINE !== 'postgres') return 'sqlite';
  if (!process.env.TEST_DATABASE_URL) {
    throw new Error('LEAD_COACH_TEST_ENGINE=postgres needs TEST_DATABASE_URL (start a server with test/support/postgres-cluster.sh)');
  }
  return 'postgres';
}

/**
 * Where a test database lives: a SQLite file path, or the URL of a PostgreSQL database of its own.
 * Opening the same locator again is how tests restart the app on the same data.
 */
export type DatabaseLocator = string;

export function isPostgresLocator(locator: DatabaseLocator): boolean {
  return /^postgres(ql)?:\/\//.test(locator);
}

/** Folders made by tempDir for the running test file; test/support/cleanup.ts removes them after its last test. */
const tempDirs: string[] = [];

/** A new empty folder under the system's temp folder, removed after the test file's last test. */
export function tempDir(prefix = 'lead-coach-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function tempDbPath(prefix = 'lead-coach-test-'): string {
  return path.join(tempDir(prefix), 'lead-coach.db');
}

/**
 * Deletes the test file's temporary folders (a full run left ~600 MB of databases in /tmp without
 * this; copied content, seeds and migrations piled up there too, 3,700 folders on one machine,
 * until they went through tempDir).
 */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A new, migrated, empty database on this run's engine. */
export async function freshDatabase(): Promise<{ db: Database; locator: DatabaseLocator }> {
  const locator = testEngine() === 'postgres' ? await freshPostgresDatabase() : tempDbPath();
  const db = await openTestDatabase(locator);
  return { db, locator };
}

/** Opens (and migrates) the database at a locator. */
export async function openTestDatabase(locator: DatabaseLocator): Promise<Database> {
  const db = isPostgresLocator(locator)
    ? postgresDatabase({ url: locator, logger: createLogger('silent'), poolSize: 4 })
    : sqliteDatabase(openDatabase(locator));
  await migrateDatabase(db);
  return db;
}

let created = 0;
let templateReady: Promise<string> | undefined;

/**
 * A database copied from a template that holds the current migrations: CREATE DATABASE … TEMPLATE
 * takes ~20 ms, migrating from scratch ~10 times that. The template's name carries a hash of the
 * migrations, so an edited migration gets a new template.
 */
async function freshPostgresDatabase(): Promise<string> {
  const template = await (templateReady ??= ensureTemplate());
  const name = `lc_test_${process.pid}_${++created}_${crypto.randomBytes(3).toString('hex')}`;
  await withAdmin(async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (err) {
        // 55006: another worker is copying or still connected to the template; wait and try again.
        if (sqlState(err) !== '55006' || attempt >= 50) throw err;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  });
  return urlFor(name);
}

async function ensureTemplate(): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const m of readMigrations(migrationsDirFor('postgres'))) hash.update(m.checksum);
  const name = `lc_template_${hash.digest('hex').slice(0, 12)}`;
  await withAdmin(async (admin) => {
    // Jest workers start together: one creates the template, the others wait for it.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      await admin.query(`CREATE DATABASE ${name}_building`);
      const db = postgresDatabase({ url: urlFor(`${name}_building`), logger: createLogger('silent'), poolSize: 1 });
      try {
        await migrateDatabase(db);
      } finally {
        await db.close();
      }
      await admin.query(`ALTER DATABASE ${name}_building RENAME TO ${name}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
  return name;
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * PostgreSQL: refuses new connections to the database at `locator` and ends the open ones, as a
 * server restart or failover does (`allow = true` lets them back in).
 */
export async function setConnectionsAllowed(locator: DatabaseLocator, allow: boolean): Promise<void> {
  const database = new URL(locator).pathname.slice(1);
  await withAdmin(async (admin) => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS ${allow ? 'true' : 'false'}`);
    if (!allow) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
  });
}

let empties = 0;

/** PostgreSQL: a new database with nothing in it, not even migrations (for tests of migrating and copying). */
export async function emptyPostgresDatabase(prefix: string): Promise<DatabaseLocator> {
  const name = `${prefix}_${process.pid}_${++empties}_${crypto.randomBytes(3).toString('hex')}`;
  await withAdmin(async (admin) => {
    await admin.query(`CREATE DATABASE ${name}`);
  });
  return urlFor(name);
}
