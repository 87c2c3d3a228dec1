import crypto from 'node:crypto';

import { createApp, type LeadCoachApp } from '../../src/app';
import { fixedClock } from '../../src/core/clock';
import { DEFAULT_SLACK_TIMEOUT_MS, type Config } from '../../src/core/config';
import { openDatabase, type Db } from '../../src/core/db/connection';
import { runMigrations } from '../../src/core/db/migrations';
import type { Job } from '../../src/core/jobs/job';
import { createLogger, type Logger } from '../../src/core/logger';
import { SOMETHING_FAILED_TEXT } from '../../src/core/routers/helpBlocks';
import { validateMessage, validateView } from './blockKit';
import { signedHeaders } from './signing';
import { startSlackDouble, type RecordedResponse, type SlackDouble, type SlackUser } from './slackDouble';
import { freshDatabase, isPostgresLocator, openTestDatabase, tempDbPath, tempDir } from './database';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-bot-token-not-a-secret';

/** Log lines captured from the app's pino logger, parsed. */
export class LogCapture {
  readonly raw: string[] = [];
  write(line: string): void {
    this.raw.push(line);
  }
  get lines(): Array<Record<string, unknown>> {
    return this.raw.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export { tempDbPath, tempDir };

/**
 * A reply that says "something went wrong" hides its cause in the app's log; print the failures
 * so that a test failing on a loaded CI machine shows why, not only the generic text.
 */
function reportListenerFailures(body: RecordedResponse['body'], logs: LogCapture): void {
  if (typeof body.text !== 'string' || !body.text.includes(SOMETHING_FAILED_TEXT)) return;
  const failures = logs.lines.filter((l) => l.msg === 'listener failed');
  process.stderr.write(`listener failed behind a generic reply:\n${failures.map((l) => JSON.stringify(l)).join('\n')}\n`);
}

/** A fresh SQLite file with the real migrations applied. */
export function migratedTempDb(): { db: Db; dbPath: string } {
  const dbPath = tempDbPath();
  const db = openDatabase(dbPath);
  runMigrations(db);
  return { db, dbPath };
}

export function testConfig(double: SlackDouble, dbPath: string, overrides: Partial<Config> = {}): Config {
  return {
    slackBotToken: BOT_TOKEN,
    slackSigningSecret: SIGNING_SECRET,
    slackAppToken: undefined,
    slackApiUrl: double.apiUrl,
    slackTimeoutMs: DEFAULT_SLACK_TIMEOUT_MS,
    port: 0,
    databasePath: isPostgresLocator(dbPath) ? tempDbPath() : dbPath,
    databaseUrl: isPostgresLocator(dbPath) ? dbPath : undefined,
    logLevel: 'debug',
    adminUserIds: [],
    transport: 'http',
    ...overrides,
  };
}

export interface CommandOptions {
  userId?: string;
  teamId?: string;
  channelId?: string;
  command?: string;
}

export interface SignedResult {
  status: number;
  body: string;
}

export interface StartOptions {
  /** Instant the injected clock stands at (default 2026-11-18T10:00:00Z, a Wednesday). */
  now?: string;
  config?: Partial<Config>;
  users?: SlackUser[];
  jobs?: Job[];
  double?: SlackDouble;
  dbPath?: string;
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/**
 * Starts the real app in HTTP mode on an ephemeral port, with a temp SQLite file,
 * a Slack double for the Web API, and a fixed clock. Requests are signed as Slack signs them.
 */
export async function startTestApp(options: StartOptions = {}) {
  const double = options.double ?? (await startSlackDouble());
  const ownsDouble = !options.double;
  for (const user of options.users ?? [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }]) double.addUser(user);
  const { db: sql, locator: dbPath } = options.dbPath
    ? { db: await openTestDatabase(options.dbPath), locator: options.dbPath }
    : await freshDatabase();
  const clock = fixedClock(options.now ?? '2026-11-18T10:00:00Z');
  const logs = new LogCapture();
  const config = testConfig(double, dbPath, options.config);
  const logger: Logger = createLogger(config.logLevel, logs);
  let app: LeadCoachApp;
  let port: number;
  try {
    app = createApp({ config, db: sql, logger, clock, jobs: options.jobs ?? [] });
    ({ port } = await app.start());
  } catch (err) {
    // A failed start must not leave the pool (PostgreSQL) or the file open: jest would hang on it.
    await sql.close();
    if (ownsDouble) await double.stop();
    throw err;
  }
  const url = `http://127.0.0.1:${port}`;
  let counter = 0;
  // Slack never repeats a trigger_id; apps started one after the other on the same database (a restart) must not either.
  const runId = crypto.randomBytes(3).toString('hex');
  const triggerIdOf = (responseId: string): string => `trigger-${responseId}-${runId}`;

  async function postSigned(
    body: string,
    contentType: 'application/x-www-form-urlencoded' | 'application/json',
    headers: Record<string, string> = signedHeaders(SIGNING_SECRET, body, contentType),
  ): Promise<SignedResult> {
    const res = await fetch(`${url}/slack/events`, { method: 'POST', headers, body });
    const answer = { status: res.status, body: await res.text() };
    const problems = acknowledgementProblems(answer.body);
    if (problems.length) throw new Error(`Slack would refuse this acknowledgement (invalid_blocks):\n${problems.join('\n')}`);
    return answer;
  }

  function commandBody(text: string, opts: CommandOptions, responseId: string): string {
    return new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: opts.teamId ?? double.teamId,
      team_domain: 'example',
      channel_id: opts.channelId ?? 'C_GENERAL',
      channel_name: 'general',
      user_id: opts.userId ?? 'U_MANAGER1',
      user_name: 'manager',
      command: opts.command ?? '/lead',
      text,
      api_app_id: 'A_LEADCOACH',
      is_enterprise_install: 'false',
      response_url: double.responseUrl(responseId),
      trigger_id: triggerIdOf(responseId),
    }).toString();
  }

  return {
    url,
    port,
    double,
    /** The app's database on this run's engine: what a test reads to check what was stored. */
    sql,
    /** The SQLite connection, for a test that runs on SQLite only (it throws on PostgreSQL). */
    get db(): Db {
      if (sql.engine !== 'sqlite') throw new Error('This test reads SQLite directly; read through t.sql to run it on PostgreSQL');
      return sql.connection;
    },
    /** Where the database lives (SQLite path or PostgreSQL URL); startTestApp({ dbPath }) opens it again. */
    dbPath,
    clock,
    logs,
    app,
    config,
    postSigned,
    commandBody,
    /** The trigger_id a command or action with this response id carried. */
    triggerIdOf,

    /** Sends a signed slash command; resolves with the HTTP answer (the ack). */
    async command(text: string, opts: CommandOptions = {}): Promise<SignedResult & { responseId: string }> {
      const responseId = `cmd${++counter}`;
      const result = await postSigned(commandBody(text, opts, responseId), 'application/x-www-form-urlencoded');
      return { ...result, responseId };
    },

    /**
     * Sends a signed slash command and returns the user's answer: the acknowledgement's body when
     * the app answered right away, otherwise what it posts to the command's response_url.
     */
    async commandReply(text: string, opts: CommandOptions = {}): Promise<RecordedResponse['body']> {
      const { status, body, responseId } = await this.command(text, opts);
      if (status !== 200) throw new Error(`command was answered with HTTP ${status}`);
      if (body.trim().startsWith('{')) return JSON.parse(body) as RecordedResponse['body'];
      const response = await double.waitFor(() => double.responses.find((r) => r.id === responseId));
      reportListenerFailures(response.body, logs);
      return response.body;
    },

    /** Sends a signed interactivity payload (block_actions, view_submission, ...). */
    async interact(payload: Record<string, unknown>): Promise<SignedResult> {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return postSigned(body, 'application/x-www-form-urlencoded');
    },

    /** Sends a signed Events API callback. */
    async event(event: Record<string, unknown>, teamId = double.teamId): Promise<SignedResult> {
      const body = JSON.stringify({
        token: 'legacy-verification-token',
        team_id: teamId,
        api_app_id: 'A_LEADCOACH',
        type: 'event_callback',
        event_id: `Ev${++counter}`,
        event_time: Math.floor(Date.now() / 1000),
        event,
      });
      return postSigned(body, 'application/json');
    },

    /** A block_actions payload for a button press, with a response_url the double records. */
    buttonPayload(
      actionId: string,
      value: string,
      opts: { userId?: string; channelId?: string; container?: Record<string, unknown>; message?: Record<string, unknown> } = {},
    ): Record<string, unknown> & { response_url: string } {
      const responseId = `act${++counter}`;
      return {
        type: 'block_actions',
        user: { id: opts.userId ?? 'U_MANAGER1', team_id: double.teamId, username: 'manager' },
        team: { id: double.teamId, domain: 'example' },
        api_app_id: 'A_LEADCOACH',
        token: 'legacy-verification-token',
        trigger_id: triggerIdOf(responseId),
        container: opts.container ?? { type: 'message', message_ts: '1700000000.000100', channel_id: opts.channelId ?? 'C_GENERAL', is_ephemeral: true },
        channel: { id: opts.channelId ?? 'C_GENERAL', name: 'general' },
        message: opts.message,
        response_url: double.responseUrl(responseId),
        actions: [
          { type: 'button', action_id: actionId, block_id: 'b1', value, action_ts: String(Date.now() / 1000) },
        ],
      };
    },

    /** Stops the app; throws when anything it sent during the test broke a Block Kit rule. */
    async stop(): Promise<void> {
      await app.stop();
      await sql.close();
      const violations = [...double.violations];
      if (ownsDouble) await double.stop();
      if (violations.length) {
        throw new Error(`Slack would have refused ${violations.length} message(s) or view(s) (invalid_blocks):\n${JSON.stringify(violations, null, 2)}`);
      }
    },
  };
}

/** Block Kit problems of an acknowledgement body: a message (commands, actions) or a view_submission's view. */
export function acknowledgementProblems(body: string): string[] {
  if (!body.trim().startsWith('{')) return [];
  const parsed = JSON.parse(body) as Record<string, unknown>;
  if (parsed.response_action === 'update' || parsed.response_action === 'push') return validateView(parsed.view);
  if (parsed.response_action !== undefined || parsed.options !== undefined || parsed.option_groups !== undefined) return [];
  if (parsed.text === undefined && parsed.blocks === undefined) return [];
  return validateMessage(parsed);
}
