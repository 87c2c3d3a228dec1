import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens a SQLite file set up for a long-running bot. A folder or file lead-coach creates is
 * private to its user (0700 / 0600; SQLite gives the -wal and -shm files the file's mode), and
 * deleted rows are overwritten with zeros (secure_delete), so forgotten text is not left in free pages.
 */
export function openDatabase(filePath: string): Db {
  if (filePath !== ':memory:') {
    const resolved = path.resolve(filePath);
    const dir = path.dirname(resolved);
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.chmodSync(dir, 0o700);
    }
    if (!fs.existsSync(resolved)) {
      fs.closeSync(fs.openSync(resolved, 'wx', 0o600));
      fs.chmodSync(resolved, 0o600);
    }
  }
  const db = new Database(filePath);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('secure_delete = ON');
  return db;
}

/**
 * After deleting someone's data: copies the WAL into the database file and truncates the WAL, so
 * the deleted text is gone from both files (secure_delete has zeroed it in the pages written).
 * Skipped inside a transaction (it cannot complete there); the caller runs it after committing.
 */
export function checkpointAfterDeletion(db: Db): void {
  if (db.inTransaction || db.memory) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** True when the database answers a trivial query (used by /healthz). */
export function isDatabaseHealthy(db: Db): boolean {
  try {
    return db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}
