import type { PostgresDatabase } from './postgres';
import type { SqliteDatabase } from './sqlite';

/** The database the app runs on: SQLite in one file by default, PostgreSQL when DATABASE_URL is set. */
export type Database = SqliteDatabase | PostgresDatabase;

