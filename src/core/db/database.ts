import type { PostgresDatabase } from './postgres';
import type { SqliteDatabase } from './sqlite';

/** The database the app runs on: SQLite in one file by default, PostgreSQL when DATABASE_URL is set. */
export type Database = SqliteDatabase | PostgresDatabase;

/**
 * The better-sqlite3 connection of a repository that still talks to SQLite directly. Says clearly
 * which repository cannot run on PostgreSQL yet instead of failing on its first statement.
 */
export function sqliteConnection(database: Database, what: string) {
  if (database.engine === 'sqlite') return database.connection;
  throw new Error(`${what} runs on SQLite only`);
}
