import { CopyRefused, copyDatabase } from '../core/db/copy';
import type { Database } from '../core/db/database';
import { describeServer, openMigratedDatabase } from './bootstrap';
import { CliError, EXIT } from './errors';
import type { CliIo } from './io';

export const DB_COPY_USAGE =
  'lead-coach db copy --from sqlite:./data/lead-coach.db --to postgres://user:password@host:5432/lead_coach';

/** Where a copy reads or writes: `sqlite:<path>` or a postgres:// URL. */
interface Locator {
  databasePath: string;
  databaseUrl: string | undefined;
  shown: string;
}

export function parseLocator(text: string, option: string): Locator {
  if (/^postgres(ql)?:\/\//.test(text)) return { databasePath: '', databaseUrl: text, shown: `PostgreSQL ${describeServer(text)}` };
  const path = text.startsWith('sqlite:') ? text.slice('sqlite:'.length) : '';
  if (!path) {
    throw new CliError(`db copy: ${option} must be sqlite:<file> or a postgres:// URL. Usage: ${DB_COPY_USAGE}`, EXIT.usage);
  }
  return { databasePath: path, databaseUrl: undefined, shown: `SQLite ${path}` };
}

function parseArgs(args: string[]): { from: Locator; to: Locator } {
  const [sub, ...rest] = args;
  if (sub !== 'copy') throw new CliError(`db: unknown subcommand "${sub ?? ''}". Usage: ${DB_COPY_USAGE}`, EXIT.usage);
  const values: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name !== '--from' && name !== '--to') throw new CliError(`db copy: unexpected "${name.startsWith('--') ? name : '…'}". Usage: ${DB_COPY_USAGE}`, EXIT.usage);
    const value = inline ?? rest[++i];
    if (!value) throw new CliError(`db copy: ${name} needs a value. Usage: ${DB_COPY_USAGE}`, EXIT.usage);
    values[name] = value;
  }
  if (!values['--from'] || !values['--to']) throw new CliError(`db copy: both --from and --to are required. Usage: ${DB_COPY_USAGE}`, EXIT.usage);
  const from = parseLocator(values['--from'], '--from');
  const to = parseLocator(values['--to'], '--to');
  if (from.databasePath === to.databasePath && from.databaseUrl === to.databaseUrl) {
    throw new CliError('db copy: --from and --to are the same database.', EXIT.usage);
  }
  return { from, to };
}

/**
 * `lead-coach db copy --from … --to …`: moves an install from SQLite to PostgreSQL (or back).
 * Both sides are brought up to the current schema first (as `start` would); the target must hold
 * no data. Prints each table's row count, checked against the source.
 */
export async function dbCommand(args: string[], io: CliIo): Promise<number> {
  const { from, to } = parseArgs(args);
  const source = (await openMigratedDatabase(from)).db;
  let target: Database | undefined;
  try {
    target = (await openMigratedDatabase(to)).db;
    const copied = await copyDatabase(source, target);
    const width = Math.max(...copied.map((c) => c.table.length));
    for (const { table, rows } of copied) io.out(`  ${table.padEnd(width)}  ${rows}`);
    const total = copied.reduce((sum, c) => sum + c.rows, 0);
    io.out(`Copied ${total} row(s) in ${copied.length} tables from ${from.shown} to ${to.shown}; every table's row count matches the source.`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CopyRefused) throw new CliError(`db copy refused: ${err.message}`, EXIT.failure);
    throw err;
  } finally {
    await source.close();
    await target?.close();
  }
}
