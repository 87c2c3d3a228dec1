import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
// Types from the Web API client (the same @slack/logger types as Bolt's); its level values come through webApi(), so
// one-shot commands log without loading Bolt or the client.
import type { LogLevel as SlackLogLevel, Logger as SlackLogger } from '@slack/web-api';

import type { LogLevel } from './config';
import { webApi } from './slack/webApi';

export type Logger = PinoLogger;

/** Every path where a secret could appear in a structured log line. */
const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  'appToken',
  'signingSecret',
  'config.slackBotToken',
  'config.slackSigningSecret',
  'config.slackAppToken',
  'slackBotToken',
  'slackSigningSecret',
  'slackAppToken',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  // LEAD_COACH_SECRET_KEY and calendar addresses (whoever has the address reads the calendar).
  'secretKey',
  'config.secretKey',
  // DATABASE_URL may carry the PostgreSQL password.
  'databaseUrl',
  'config.databaseUrl',
  'feedUrl',
  '*.feedUrl',
];

/** Secrets that may appear inside free text (Bolt and the Web API client log plain strings). */
const SECRET_IN_TEXT = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)/g;
/** A calendar feed address (Google's `…/private-<hex>/basic.ics`, Outlook's published `…/calendar.ics`, any `webcal:`). */
const CALENDAR_URL_IN_TEXT = /\b(?:https?|webcal):\/\/[^\s"'<>]*(?:private-[0-9a-f]{8,}|\.ics\b)[^\s"'<>]*/gi;
/** The password in a database URL (`postgres://user:password@host`). */
const URL_PASSWORD_IN_TEXT = /\b(postgres(?:ql)?:\/\/[^:/@\s]*):[^@\s]*@/gi;

export function scrubSecrets(text: string): string {
  return text
    .replace(SECRET_IN_TEXT, (m) => `${m.slice(0, 5)}[REDACTED]`)
    .replace(URL_PASSWORD_IN_TEXT, '$1:[REDACTED]@')
    .replace(CALENDAR_URL_IN_TEXT, '[REDACTED calendar address]');
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'lead-coach' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>,
        );
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

let pinoToSlack: Record<string, SlackLogLevel> | undefined;
function slackLevelOf(pinoLevel: string): SlackLogLevel {
  const { LogLevel } = webApi();
  pinoToSlack ??= {
    trace: LogLevel.DEBUG,
    debug: LogLevel.DEBUG,
    info: LogLevel.INFO,
    warn: LogLevel.WARN,
    error: LogLevel.ERROR,
    fatal: LogLevel.ERROR,
    silent: LogLevel.ERROR,
  };
  return pinoToSlack[pinoLevel] ?? LogLevel.INFO;
}

/**
 * Adapts pino to the @slack/logger interface so Bolt, the Web API client and the
 * Socket Mode client all write the same JSON lines.
 */
export function toSlackLogger(base: Logger, name = 'bolt'): SlackLogger {
  let logger = base.child({ component: name });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msgs: unknown[]): void => {
      // Bolt logs at debug several times per request; below the level, skip building the text.
      if (!logger.isLevelEnabled(level)) return;
      const [first, ...rest] = msgs;
      if (first instanceof Error) {
        logger[level]({ err: first }, scrubSecrets(rest.map(String).join(' ')) || first.message);
        return;
      }
      logger[level](scrubSecrets(msgs.map((m) => (typeof m === 'string' ? m : safeJson(m))).join(' ')));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => {
      // Level is owned by LOG_LEVEL; Bolt's own default must not override it.
    },
    getLevel: () => slackLevelOf(logger.level),
    setName: (n: string) => {
      logger = base.child({ component: n });
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
