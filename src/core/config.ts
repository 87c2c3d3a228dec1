import { z } from './zod';
import { isSlackUserId } from './slack/ids';

/** Validated process configuration. Built once at start by `loadConfig`. */
export interface Config {
  slackBotToken: string;
  slackSigningSecret: string | undefined;
  slackAppToken: string | undefined;
  slackApiUrl: string | undefined;
  /** How long one outbound HTTP request to Slack (Web API, upload, response_url) may take before it counts as failed. */
  slackTimeoutMs: number;
  port: number;
  databasePath: string;
  /** DATABASE_URL: PostgreSQL instead of the SQLite file at databasePath. */
  databaseUrl?: string | undefined;
  /** DATABASE_CONNECT_TIMEOUT_MS: how long to keep retrying an unreachable PostgreSQL server at start. */
  databaseConnectTimeoutMs?: number;
  logLevel: LogLevel;
  adminUserIds: string[];
  /** Socket Mode when an app-level token is present, HTTP otherwise. */
  transport: 'socket' | 'http';
  /**
   * LEAD_COACH_SECRET_KEY: 32 bytes that encrypt secrets at rest (calendar addresses). Without it the
   * calendar feature says it is off.
   */
  secretKey?: Buffer | undefined;
  /**
   * LEAD_COACH_CALENDAR_TEST_ORIGIN: for tests only, one http://127.0.0.1:<port> (or localhost, [::1])
   * origin whose feeds may be read over plain http from loopback. Redirects elsewhere are still checked.
   */
  calendarTestOrigin?: string | undefined;
}

/** DATABASE_CONNECT_TIMEOUT_MS when unset: how long a start waits for PostgreSQL to come up. */
export const DEFAULT_DATABASE_CONNECT_TIMEOUT_MS = 30_000;

/** SLACK_TIMEOUT_MS when unset: a few seconds, so one hung call costs little and is retried. */
export const DEFAULT_SLACK_TIMEOUT_MS = 5000;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A configuration problem: one line naming the variable and how to fix it, never its value. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const HOW_TO_GET: Record<string, string> = {
  SLACK_BOT_TOKEN:
    'set it to the Bot User OAuth Token (starts with xoxb-) from your Slack app settings > OAuth & Permissions',
  SLACK_SIGNING_SECRET:
    'set it to the Signing Secret from your Slack app settings > Basic Information > App Credentials (required in HTTP mode, i.e. when SLACK_APP_TOKEN is not set)',
  SLACK_APP_TOKEN:
    'set it to an App-Level Token with the connections:write scope (starts with xapp-) from Basic Information > App-Level Tokens, or leave it empty for HTTP mode',
  SLACK_API_URL: 'set it to an http(s) URL such as https://slack.com/api/, or leave it empty',
  SLACK_TIMEOUT_MS: 'set it to a whole number of milliseconds between 500 and 60000 (default 5000), or leave it empty',
  PORT: 'set it to a whole number between 1 and 65535 (default 3000)',
  DATABASE_PATH: 'set it to a file path such as ./data/lead-coach.db',
  DATABASE_CONNECT_TIMEOUT_MS: 'set it to a whole number of milliseconds between 0 and 600000 (default 30000), or leave it empty',
  DATABASE_URL:
    'set it to a PostgreSQL URL such as postgres://lead_coach:PASSWORD@db.example.com:5432/lead_coach (percent-encode special characters in the password), or leave it empty to use the SQLite file at DATABASE_PATH',
  LOG_LEVEL: `set it to one of ${LOG_LEVELS.join(', ')} (default info)`,
  ADMIN_USER_IDS: 'set it to comma-separated Slack user ids such as U012AB3CD,U045EF6GH, or leave it empty',
  LEAD_COACH_SECRET_KEY:
    'set it to 32 random bytes in base64 (generate one with `openssl rand -base64 32`) or 64 hex characters, or leave it empty to keep calendar linking off',
  LEAD_COACH_CALENDAR_TEST_ORIGIN: 'leave it empty outside tests; in tests set it to a loopback origin such as http://127.0.0.1:8123',
};

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is missing' })
    .trim()
    .min(1, 'is missing')
    .refine((v) => v.startsWith('xoxb-'), 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), 'must start with xapp-'),
  SLACK_API_URL: optionalText.refine(
    (v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v),
    'must be an http(s) URL',
  ),
  SLACK_TIMEOUT_MS: optionalText
    .transform((v) => (v === undefined ? DEFAULT_SLACK_TIMEOUT_MS : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 500 && n <= 60_000, 'must be a whole number of milliseconds between 500 and 60000'),
  PORT: optionalText
    .transform((v) => (v === undefined ? 3000 : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'must be a whole number between 0 and 65535'),
  DATABASE_PATH: optionalText.transform((v) => v ?? './data/lead-coach.db'),
  DATABASE_CONNECT_TIMEOUT_MS: optionalText
    .transform((v) => (v === undefined ? DEFAULT_DATABASE_CONNECT_TIMEOUT_MS : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 600_000, 'must be a whole number of milliseconds between 0 and 600000'),
  DATABASE_URL: optionalText.refine((v) => v === undefined || isPostgresUrl(v), 'is not a postgres:// URL with a host and a database name'),
  LOG_LEVEL: optionalText
    .transform((v) => (v ?? 'info').toLowerCase())
    .refine((v): v is LogLevel => (LOG_LEVELS as readonly string[]).includes(v), 'is not a known level'),
  ADMIN_USER_IDS: optionalText
    .transform((v) => (v === undefined ? [] : v.split(',').map((s) => s.trim()).filter(Boolean)))
    .refine((ids) => ids.every(isSlackUserId), 'contains something that is not a Slack user id'),
  LEAD_COACH_SECRET_KEY: optionalText
    .transform((v) => (v === undefined ? undefined : decodeKey(v)))
    .refine((k) => k !== null, 'must be 32 bytes, written as base64 (44 characters) or hex (64 characters)'),
  LEAD_COACH_CALENDAR_TEST_ORIGIN: optionalText.refine(
    (v) => v === undefined || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/.test(v),
    'must be a loopback origin such as http://127.0.0.1:8123',
  ),
});

/** The 32-byte key from base64 or hex text; null when it is anything else (never echoed). */
function decodeKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    const key = Buffer.from(text, 'base64');
    return key.length === 32 ? key : null;
  }
  return null;
}

/** A URL node-postgres can connect with: postgres(ql)://, a host, a database name. Never echoed (it may hold a password). */
function isPostgresUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1;
}

/** What a subcommand that only needs the database (migrate, faq, ...) requires. */
export interface DatabaseConfig {
  databasePath: string;
  databaseUrl?: string | undefined;
  databaseConnectTimeoutMs?: number;
  logLevel: LogLevel;
}

export function loadDatabaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig {
  const partial = schema
    .pick({ DATABASE_PATH: true, DATABASE_URL: true, DATABASE_CONNECT_TIMEOUT_MS: true, LOG_LEVEL: true })
    .safeParse(env);
  if (!partial.success) throw toConfigError(partial.error);
  return {
    databasePath: partial.data.DATABASE_PATH,
    databaseUrl: partial.data.DATABASE_URL,
    databaseConnectTimeoutMs: partial.data.DATABASE_CONNECT_TIMEOUT_MS,
    logLevel: partial.data.LOG_LEVEL,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw toConfigError(parsed.error);
  const v = parsed.data;
  const transport = v.SLACK_APP_TOKEN ? 'socket' : 'http';
  if (transport === 'http' && !v.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_SIGNING_SECRET', `is missing: ${HOW_TO_GET.SLACK_SIGNING_SECRET}`);
  }
  return {
    slackBotToken: v.SLACK_BOT_TOKEN,
    slackSigningSecret: v.SLACK_SIGNING_SECRET,
    slackAppToken: v.SLACK_APP_TOKEN,
    slackApiUrl: v.SLACK_API_URL === undefined ? undefined : withTrailingSlash(v.SLACK_API_URL),
    slackTimeoutMs: v.SLACK_TIMEOUT_MS,
    port: v.PORT,
    databasePath: v.DATABASE_PATH,
    databaseUrl: v.DATABASE_URL,
    databaseConnectTimeoutMs: v.DATABASE_CONNECT_TIMEOUT_MS,
    logLevel: v.LOG_LEVEL,
    adminUserIds: v.ADMIN_USER_IDS,
    transport,
    secretKey: v.LEAD_COACH_SECRET_KEY ?? undefined,
    calendarTestOrigin: v.LEAD_COACH_CALENDAR_TEST_ORIGIN,
  };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function toConfigError(error: z.ZodError): ConfigError {
  const issue = error.issues[0];
  const variable = String(issue?.path[0] ?? 'configuration');
  const problem = issue?.message ?? 'is invalid';
  const how = HOW_TO_GET[variable];
  return new ConfigError(variable, how ? `${problem}: ${how}` : problem);
}
