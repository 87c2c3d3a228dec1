import { databaseConfigFromEnv, describeServer, openMigratedDatabase } from './bootstrap';
import type { CliIo } from './io';

export async function migrateCommand(_args: string[], io: CliIo): Promise<number> {
  const config = databaseConfigFromEnv(io.env);
  const { db, migrations } = await openMigratedDatabase(config);
  await db.close();
  const databasePath = config.databaseUrl ? `PostgreSQL ${describeServer(config.databaseUrl)}` : config.databasePath;
  if (migrations.applied.length === 0) {
    io.out(`Database ${databasePath} is up to date (${migrations.alreadyApplied} migrations applied before).`);
  } else {
    io.out(`Applied ${migrations.applied.length} migration(s) to ${databasePath}: ${migrations.applied.join(', ')}`);
  }
  return 0;
}
