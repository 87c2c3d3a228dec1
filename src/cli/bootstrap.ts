import { ConfigError, DEFAULT_DATABASE_CONNECT_TIMEOUT_MS, loadConfig, loadDatabaseConfig, type Config, type DatabaseConfig } from '../core/config';
import { openDatabase } from '../core/db/connection';
import type { Database } from '../core/db/database';
import { migrateDatabase, MigrationError, type MigrationResult } from '../core/db/migrations';
import { postgresDatabase, sqlState } from '../core/db/postgres';
import { sqliteDatabase } from '../core/db/sqlite';
import { createLogger, scrubSecrets, type Logger } from '../core/logger';
import { CliError, EXIT } from './errors';
import { errorMessage } from '../core/errorMessage';

/** Validates the environment once; a bad value becomes a one-line error with exit code 2. */
export function configFromEnv(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`Configuration error: ${err.message}`, EXIT.usage);
    throw err;
  }
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv): DatabaseConfig {
  try {
    return loadDatabaseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`Configuration error: ${err.message}`, EXIT.usage);
    throw err;
  }
}

/** SQLSTATEs no retry can fix: wrong password or user, unknown database, no permission. */
const FATAL_AT_CONNECT = new Set(['28P01', '28000', '3D000', '42501']);

export interface OpenOptions {
  logger?: Logger;
}

/**
 * Opens the configured database (PostgreSQL when DATABASE_URL is set, else the SQLite file) and
 * brings its schema up to date, or fails with one clear line that never shows the password.
 * An unreachable server is retried with backoff until the deadline.
 */
export async function openMigratedDatabase(
  config: Pick<DatabaseConfig, 'databasePath' | 'databaseUrl' | 'databaseConnectTimeoutMs'>,
  options: OpenOptions = {},
): Promise<{ db: Database; migrations: MigrationResult }> {
  const db = config.databaseUrl ? await connectPostgres(config.databaseUrl, config.databaseConnectTimeoutMs ?? DEFAULT_DATABASE_CONNECT_TIMEOUT_MS, options) : openSqlite(config.databasePath);
  try {
    return { db, migrations: await migrateDatabase(db) };
  } catch (err) {
    await db.close();
    if (err instanceof MigrationError) throw new CliError(err.message, EXIT.failure);
    throw err;
  }
}

function openSqlite(path: string): Database {
  try {
    return sqliteDatabase(openDatabase(path));
  } catch (err) {
    throw new CliError(`Cannot open the database at DATABASE_PATH=${path}: ${errorMessage(err)}`, EXIT.failure);
  }
}

async function connectPostgres(url: string, deadlineMs: number, options: OpenOptions): Promise<Database> {
  const logger = options.logger ?? createLogger('silent');
  const db = postgresDatabase({ url, logger });
  const where = describeServer(url);
  const deadline = Date.now() + deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.get('SELECT 1 AS ok');
      return db;
    } catch (err) {
      const code = sqlState(err);
      const reason = scrubSecrets(errorMessage(err));
      if (FATAL_AT_CONNECT.has(code)) {
        await db.close().catch(() => undefined);
        throw new CliError(`Cannot use the PostgreSQL database at ${where} (DATABASE_URL): ${reason}`, EXIT.failure);
      }
      const wait = Math.min(250 * 2 ** (attempt - 1), 5000);
      if (Date.now() + wait > deadline) {
        await db.close().catch(() => undefined);
        throw new CliError(
          `Cannot reach PostgreSQL at ${where} (DATABASE_URL) after ${attempt} attempts: ${reason}`,
          EXIT.failure,
        );
      }
      logger.warn({ attempt, reason, retryInMs: wait }, 'PostgreSQL not reachable yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** host:port/database of a DATABASE_URL, without user or password. */
export function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}
