import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { MIGRATIONS_DIR } from '../paths';
import type { Db } from './connection';
import type { PostgresDatabase } from './postgres';
import type { Engine, SqlDatabase } from './sql';
import type { SqliteDatabase } from './sqlite';
import { errorMessage } from '../errorMessage';

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

const FILE_PATTERN = /^(\d{3,})_[a-z0-9_]+\.sql$/;

export function readMigrations(dir: string): MigrationFile[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const migrations = files.map((name) => {
    const match = FILE_PATTERN.exec(name);
    if (!match?.[1]) {
      throw new MigrationError(`Migration file ${name} must be named NNN_description.sql (lowercase)`);
    }
    const sql = fs.readFileSync(path.join(dir, name), 'utf8');
    return {
      version: Number(match[1]),
      name,
      sql,
      checksum: crypto.createHash('sha256').update(sql).digest('hex'),
    };
  });
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1];
    const cur = migrations[i];
    if (prev && cur && prev.version === cur.version) {
      throw new MigrationError(`Two migrations share number ${cur.version}: ${prev.name} and ${cur.name}`);
    }
  }
  return migrations;
}

interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

/** The refusal rule both engines share: an applied migration must not have changed since. */
function refuseEditedMigrations(files: readonly MigrationFile[], applied: ReadonlyMap<number, AppliedMigration>): void {
  for (const file of files) {
    const done = applied.get(file.version);
    if (done && done.checksum !== file.checksum) {
      throw new MigrationError(
        `Migration ${file.name} was changed after it was applied (checksum differs). ` +
          'Applied migrations must not be edited: restore the file and add a new numbered migration instead.',
      );
    }
  }
}

/**
 * Applies pending migrations in order, each in its own transaction, and refuses
 * to start when an applied migration was edited afterwards.
 */
export function runMigrations(db: Db, dir: string = MIGRATIONS_DIR): MigrationResult {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Map(
    db
      .prepare('SELECT version, name, checksum FROM schema_migrations')
      .all()
      .map((row) => {
        const r = row as AppliedMigration;
        return [r.version, r] as const;
      }),
  );
  const files = readMigrations(dir);
  refuseEditedMigrations(files, applied);
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  const result: MigrationResult = { applied: [], alreadyApplied: applied.size };
  for (const file of files) {
    if (applied.has(file.version)) continue;
    const apply = db.transaction(() => {
      db.exec(file.sql);
      refuseBrokenForeignKeys(db);
      record.run(file.version, file.name, file.checksum, new Date().toISOString());
    });
    // SQLite's way to change a table's keys is to rebuild it; with foreign keys on, dropping the old
    // table would cascade into its children. They are switched off around each migration (it cannot
    // be done inside a transaction) and every key is checked before the migration commits.
    const foreignKeys = db.pragma('foreign_keys', { simple: true });
    db.pragma('foreign_keys = OFF');
    try {
      apply();
    } catch (err) {
      throw new MigrationError(
        `Migration ${file.name} failed and was rolled back: ${errorMessage(err)}`,
      );
    } finally {
      db.pragma(`foreign_keys = ${foreignKeys === 1 ? 'ON' : 'OFF'}`);
    }
    result.applied.push(file.name);
  }
  return result;
}

function refuseBrokenForeignKeys(db: Db): void {
  const broken = db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string; parent: string }>;
  if (broken.length > 0) {
    const first = broken[0];
    throw new Error(`${broken.length} row(s) would break a foreign key (first: ${first?.table} → ${first?.parent})`);
  }
}

/** Where each engine's migrations live: SQLite's in migrations/, PostgreSQL's in migrations/postgres/. */
export function migrationsDirFor(engine: Engine): string {
  return engine === 'sqlite' ? MIGRATIONS_DIR : path.join(MIGRATIONS_DIR, 'postgres');
}

const MIGRATION_LOCK = 'lead-coach schema migrations';

/**
 * Brings either engine's schema up to date with the same rules. On PostgreSQL the whole run holds
 * an advisory lock, so processes starting together migrate once: the second finds nothing to do.
 * A database that holds other tables but no lead-coach migrations table is refused untouched.
 */
export async function migrateDatabase(sql: SqliteDatabase | PostgresDatabase, dir?: string): Promise<MigrationResult> {
  if (sql.engine === 'sqlite') return runMigrations(sql.connection, dir ?? MIGRATIONS_DIR);
  return sql.withAdvisoryLock(MIGRATION_LOCK, () => migratePostgres(sql, dir ?? migrationsDirFor('postgres')));
}

async function migratePostgres(sql: SqlDatabase, dir: string): Promise<MigrationResult> {
  const tables = await sql.all<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  const names = tables.map((t) => t.name);
  if (names.length > 0 && !names.includes('schema_migrations')) {
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} tables)` : '');
    throw new MigrationError(
      `The database at DATABASE_URL belongs to another application: it holds tables (${shown}) ` +
        'but no lead-coach schema_migrations table. Point DATABASE_URL at an empty database of its own.',
    );
  }
  await sql.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const rows = await sql.all<AppliedMigration>('SELECT version, name, checksum FROM schema_migrations');
  const applied = new Map(rows.map((r) => [r.version, r] as const));
  const files = readMigrations(dir);
  refuseEditedMigrations(files, applied);
  const result: MigrationResult = { applied: [], alreadyApplied: applied.size };
  for (const file of files) {
    if (applied.has(file.version)) continue;
    try {
      await sql.transaction(async () => {
        await sql.exec(file.sql);
        await sql.run('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)', [
          file.version,
          file.name,
          file.checksum,
          new Date().toISOString(),
        ]);
      });
    } catch (err) {
      throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${errorMessage(err)}`);
    }
    result.applied.push(file.name);
  }
  return result;
}
