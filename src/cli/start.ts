import { createApp } from '../app';
import { systemClock } from '../core/clock';
import { createLogger } from '../core/logger';
import { configFromEnv, openMigratedDatabase } from './bootstrap';
import { CliError, EXIT } from './errors';
import type { CliIo } from './io';
import { errorMessage } from '../core/errorMessage';

const STOP_DEADLINE_MS = 4500;

/** Runs the bot until SIGTERM or SIGINT, then stops schedules, Bolt and the database and exits 0. */
export async function startCommand(_args: string[], io: CliIo): Promise<number> {
  const config = configFromEnv(io.env);
  const logger = createLogger(config.logLevel);
  const { db, migrations } = await openMigratedDatabase(config, { logger });
  if (migrations.applied.length) logger.info({ applied: migrations.applied }, 'migrations applied');

  const app = createApp({ config, db, logger, clock: systemClock });
  try {
    await app.start();
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    await app.stop().catch(() => undefined);
    await db.close();
    if (code === 'invalid_auth' || code === 'not_authed' || code === 'token_revoked' || code === 'account_inactive') {
      throw new CliError(
        `Configuration error: SLACK_BOT_TOKEN was rejected by Slack (${code}): copy the Bot User OAuth Token again from your Slack app settings > OAuth & Permissions`,
        EXIT.usage,
      );
    }
    throw new CliError(`lead-coach could not start: ${errorMessage(err)}`, EXIT.failure);
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping');
      const deadline = setTimeout(() => {
        logger.warn('stop took too long; exiting anyway');
        // Not awaited: a PostgreSQL pool waits for busy connections, and this path exists because something hangs.
        void db.close().catch(() => undefined);
        resolve(0);
      }, STOP_DEADLINE_MS);
      deadline.unref();
      app
        .stop()
        .catch((err: unknown) => logger.error({ err }, 'error while stopping'))
        .finally(() => {
          clearTimeout(deadline);
          void db.close().catch(() => undefined).finally(() => resolve(0));
        });
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}
