import pino from 'pino';

import { webClientOptions } from '../core/slack/client';
import { webApi } from '../core/slack/webApi';
import { fixedClock } from '../core/clock';
import { createAppDeps, jobDeps } from '../deps';
import { buildJob, JOB_NAMES } from '../jobs';
import { createLogger } from '../core/logger';
import { InstalledWorkspace, learnInstalledWorkspace } from '../core/workspace';
import { configFromEnv, openMigratedDatabase } from './bootstrap';
import { CliError, EXIT } from './errors';
import type { CliIo } from './io';

/** An instant with a date, a time and an explicit zone: `2026-11-16T09:00:00Z` or `...+01:00`. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseRunJobArgs(args: string[], jobNames: string[]): { name: string; at: Date } {
  const names = jobNames.join(', ');
  const usageLine = `Usage: lead-coach run-job <${names}> --at <ISO-8601 instant>, e.g. lead-coach run-job nudges --at 2026-11-16T09:00:00Z`;
  let name: string | undefined;
  let atText: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--at') {
      atText = args[++i];
      if (atText === undefined) throw new CliError(`run-job: --at needs a value. ${usageLine}`, EXIT.usage);
    } else if (a.startsWith('--at=')) atText = a.slice('--at='.length);
    else if (a.startsWith('-')) throw new CliError(`run-job: unknown option ${a}. ${usageLine}`, EXIT.usage);
    else if (name === undefined) name = a;
    else throw new CliError(`run-job: unexpected argument "${a}". ${usageLine}`, EXIT.usage);
  }
  if (!name) throw new CliError(`run-job: which job? ${usageLine}`, EXIT.usage);
  if (!jobNames.includes(name)) throw new CliError(`run-job: unknown job "${name}"; jobs are: ${names}.`, EXIT.usage);
  if (atText === undefined) throw new CliError(`run-job: --at is required. ${usageLine}`, EXIT.usage);
  const at = new Date(atText);
  if (!ISO_INSTANT.test(atText) || Number.isNaN(at.getTime())) {
    throw new CliError(
      `run-job: --at "${atText}" is not an ISO-8601 instant with a zone; write e.g. 2026-11-16T09:00:00Z or 2026-11-16T10:00:00+01:00.`,
      EXIT.usage,
    );
  }
  return { name, at };
}

/**
 * `lead-coach run-job <name> --at <instant>`: one tick of a job at that instant, against DATABASE_PATH
 * and the configured Slack API, printing what it did. Logs go to stderr so stdout is the report.
 */
export async function runJobCommand(args: string[], io: CliIo): Promise<number> {
  const { name, at } = parseRunJobArgs(args, [...JOB_NAMES]);
  const job = buildJob(name);
  if (!job) throw new CliError(`run-job: unknown job "${name}".`, EXIT.usage);
  const config = configFromEnv(io.env);
  const logger = createLogger(config.logLevel, pino.destination({ dest: 2, sync: true }));
  const { db } = await openMigratedDatabase(config, { logger });
  try {
    const workspace = new InstalledWorkspace();
    const deps = createAppDeps({ config, db, logger, clock: fixedClock(at), workspace });
    const client = new (webApi().WebClient)(config.slackBotToken, webClientOptions(config, logger));
    // Which workspace's rows the job works on: the bot token's, as Slack says (auth.test).
    await learnInstalledWorkspace(client, workspace, db, logger);
    const report = await job.run(at, { ...jobDeps(deps), logger: logger.child({ job: name }), client });
    io.out(`${name} at ${at.toISOString()}: ${report.lines.length} thing(s) done`);
    for (const line of report.lines) io.out(`  ${line}`);
    const figures = Object.entries(report)
      .filter(([k, v]) => k !== 'lines' && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'))
      .map(([k, v]) => `${k}=${String(v)}`);
    if (figures.length) io.out(figures.join(' '));
    return EXIT.ok;
  } finally {
    await db.close();
  }
}
