import { CliError, EXIT } from './errors';
import { processIo, type CliIo } from './io';
import { errorMessage } from '../core/errorMessage';

type CommandRun = (args: string[], io: CliIo) => Promise<number>;

interface CliCommand {
  usage: string;
  summary: string;
  /** Imports the command's module only when it runs: `faq` must not pay for Bolt, `--help` for nothing. */
  load(): Promise<CommandRun>;
}

/** Every `lead-coach` subcommand. Features add theirs here. */
const COMMANDS: Record<string, CliCommand> = {
  start: {
    usage: 'start',
    summary: 'Run the Slack bot (migrates the database first)',
    load: async () => (await import('./start')).startCommand,
  },
  migrate: {
    usage: 'migrate',
    summary: 'Apply pending database migrations and exit',
    load: async () => (await import('./migrate')).migrateCommand,
  },
  'run-job': {
    usage: 'run-job <name> --at <ISO-8601>',
    summary: 'Run one tick of a scheduled job at that instant and print what it did',
    load: async () => (await import('./runJob')).runJobCommand,
  },
  faq: {
    usage: 'faq "<question>" [--json | --explain]',
    summary: 'Answer a question from the FAQ, as /lead faq does (needs only DATABASE_PATH)',
    load: async () => (await import('./faq')).faqCommand,
  },
  db: {
    usage: 'db copy --from <sqlite:file|postgres://…> --to <…>',
    summary: 'Copy every table into a new, empty database (SQLite to PostgreSQL), checking row counts',
    load: async () => (await import('./dbCopy')).dbCommand,
  },
  'faq-gaps': {
    usage: 'faq-gaps [--limit N]',
    summary: 'List questions the FAQ could not answer, with counts',
    load: async () => (await import('./faq')).faqGapsCommand,
  },
};

export function usage(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length));
  return [
    'lead-coach: a Slack coach for new engineering managers',
    '',
    'Usage: lead-coach <command> [options]',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Configuration comes from the environment (and ./.env when present); see README.md.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`lead-coach: unknown command "${name}". Run lead-coach --help to see the commands.`);
    return EXIT.usage;
  }
  try {
    const run = await command.load();
    return await run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(err.message);
      return err.exitCode;
    }
    io.err(`lead-coach ${name} failed: ${errorMessage(err)}`);
    return EXIT.failure;
  }
}
