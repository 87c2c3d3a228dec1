import { databaseConfigFromEnv, openMigratedDatabase } from './bootstrap';
import type { CliIo } from './io';

export function migrateCommand(_args: string[], io: CliIo): Promise<number> {
  const { databasePath } = databaseConfigFromEnv(io.env);
  const { db, migrations } = openMigratedDatabase(databasePath);
  db.close();
  if (migrations.applied.length === 0) {
    io.out(`Database ${databasePath} is up to date (${migrations.alreadyApplied} migrations applied before).`);
  } else {
    io.out(`Applied ${migrations.applied.length} migration(s) to ${databasePath}: ${migrations.applied.join(', ')}`);
  }
  return Promise.resolve(0);
}
