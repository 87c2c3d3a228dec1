import { ConfigError, loadConfig, loadDatabaseConfig, type Config, type DatabaseConfig } from '../core/config';
import { openDatabase, type Db } from '../core/db/connection';
import { MigrationError, runMigrations, type MigrationResult } from '../core/db/migrations';
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

/** Opens the database and brings its schema up to date, or fails with a clear message. */
export function openMigratedDatabase(path: string): { db: Db; migrations: MigrationResult } {
  let db: Db;
  try {
    db = openDatabase(path);
  } catch (err) {
    throw new CliError(
      `Cannot open the database at DATABASE_PATH=${path}: ${errorMessage(err)}`,
      EXIT.failure,
    );
  }
  try {
    return { db, migrations: runMigrations(db) };
  } catch (err) {
    db.close();
    if (err instanceof MigrationError) throw new CliError(err.message, EXIT.failure);
    throw err;
  }
}
