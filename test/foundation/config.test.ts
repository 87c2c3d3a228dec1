import { ConfigError, loadConfig } from '../../src/core/config';

const base = {
  SLACK_BOT_TOKEN: 'xoxb-1-abc',
  SLACK_SIGNING_SECRET: 'shhh-signing-secret',
};

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration from the environment', () => {
  it('applies the documented defaults and chooses HTTP mode without an app token', () => {
    expect(loadConfig(base)).toEqual({
      slackBotToken: 'xoxb-1-abc',
      slackSigningSecret: 'shhh-signing-secret',
      slackAppToken: undefined,
      slackApiUrl: undefined,
      slackTimeoutMs: 5000,
      port: 3000,
      databasePath: './data/lead-coach.db',
      databaseUrl: undefined,
      databaseConnectTimeoutMs: 30000,
      logLevel: 'info',
      adminUserIds: [],
      transport: 'http',
    });
  });

  it('chooses Socket Mode when SLACK_APP_TOKEN is set, where the signing secret is optional', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-x' });
    expect(config.transport).toBe('socket');
  });

  it('parses every variable', () => {
    const config = loadConfig({
      ...base,
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      PORT: '8080',
      SLACK_TIMEOUT_MS: '2500',
      DATABASE_PATH: '/data/x.db',
      DATABASE_URL: 'postgresql://lead_coach:pw@db.internal:5432/lead_coach',
      DATABASE_CONNECT_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'DEBUG',
      ADMIN_USER_IDS: 'U012AB3CD, W045EF6GH',
    });
    expect(config).toMatchObject({
      slackApiUrl: 'http://127.0.0.1:9999/api/',
      port: 8080,
      slackTimeoutMs: 2500,
      databasePath: '/data/x.db',
      databaseUrl: 'postgresql://lead_coach:pw@db.internal:5432/lead_coach',
      databaseConnectTimeoutMs: 5000,
      logLevel: 'debug',
      adminUserIds: ['U012AB3CD', 'W045EF6GH'],
    });
  });

  it.each([
    ['SLACK_BOT_TOKEN', {}, /SLACK_BOT_TOKEN: is missing: .*OAuth & Permissions/],
    ['SLACK_BOT_TOKEN', { SLACK_BOT_TOKEN: 'xapp-wrong-kind' }, /SLACK_BOT_TOKEN: must be a bot token starting with xoxb-/],
    ['SLACK_SIGNING_SECRET', { SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET: is missing: .*Signing Secret/],
    ['SLACK_APP_TOKEN', { ...base, SLACK_APP_TOKEN: 'xoxb-not-app' }, /SLACK_APP_TOKEN: must start with xapp-/],
    ['PORT', { ...base, PORT: 'eighty' }, /PORT: must be a whole number/],
    ['PORT', { ...base, PORT: '70000' }, /PORT: must be a whole number/],
    ['SLACK_TIMEOUT_MS', { ...base, SLACK_TIMEOUT_MS: '5s' }, /SLACK_TIMEOUT_MS: must be a whole number of milliseconds between 500 and 60000: set it to/],
    ['SLACK_TIMEOUT_MS', { ...base, SLACK_TIMEOUT_MS: '0' }, /SLACK_TIMEOUT_MS: must be a whole number of milliseconds/],
    ['LOG_LEVEL', { ...base, LOG_LEVEL: 'loud' }, /LOG_LEVEL: is not a known level: set it to one of/],
    ['SLACK_API_URL', { ...base, SLACK_API_URL: 'slack.com/api' }, /SLACK_API_URL: must be an http\(s\) URL/],
    ['ADMIN_USER_IDS', { ...base, ADMIN_USER_IDS: 'alice,bob' }, /ADMIN_USER_IDS: contains something that is not a Slack user id/],
    ['LEAD_COACH_SECRET_KEY', { ...base, LEAD_COACH_SECRET_KEY: 'too-short' }, /LEAD_COACH_SECRET_KEY: must be 32 bytes.*openssl rand -base64 32/],
    ['LEAD_COACH_SECRET_KEY', { ...base, LEAD_COACH_SECRET_KEY: Buffer.alloc(16, 1).toString('base64') }, /LEAD_COACH_SECRET_KEY: must be 32 bytes/],
    ['LEAD_COACH_CALENDAR_TEST_ORIGIN', { ...base, LEAD_COACH_CALENDAR_TEST_ORIGIN: 'http://10.0.0.1:80' }, /must be a loopback origin/],
    ['DATABASE_URL', { ...base, DATABASE_URL: 'mysql://root:pw@db/app' }, /DATABASE_URL: is not a postgres:\/\/ URL.*percent-encode/],
    ['DATABASE_URL', { ...base, DATABASE_URL: 'postgres://lead_coach:pw@db.internal:5432/' }, /DATABASE_URL: is not a postgres:\/\/ URL with a host and a database name/],
    ['DATABASE_URL', { ...base, DATABASE_URL: 'postgres://user:p@ss:word@/x' }, /DATABASE_URL: is not a postgres/],
    ['DATABASE_CONNECT_TIMEOUT_MS', { ...base, DATABASE_CONNECT_TIMEOUT_MS: 'forever' }, /DATABASE_CONNECT_TIMEOUT_MS: must be a whole number/],
  ] as const)('names %s and says how to fix it', (variable, env, message) => {
    const err = errorOf(env);
    expect(err.variable).toBe(variable);
    expect(err.message).toMatch(message);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('reads LEAD_COACH_SECRET_KEY as base64 or hex, and leaves calendar linking off without it', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ ...base, LEAD_COACH_SECRET_KEY: key.toString('base64') }).secretKey).toEqual(key);
    expect(loadConfig({ ...base, LEAD_COACH_SECRET_KEY: key.toString('hex') }).secretKey).toEqual(key);
    expect(loadConfig(base).secretKey).toBeUndefined();
    const err = errorOf({ ...base, LEAD_COACH_SECRET_KEY: 'my-secret-passphrase' });
    expect(err.message).not.toContain('my-secret-passphrase');
  });

  it('never echoes a database password in the error', () => {
    const err = errorOf({ ...base, DATABASE_URL: 'postgres://lead_coach:correct-horse@/lead_coach' });
    expect(err.message).not.toContain('correct-horse');
  });

  it('never echoes a secret value in the error', () => {
    const err = errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'super-secret-value', PORT: 'bad' });
    expect(err.message).not.toContain('super-secret-value');
    const tokenErr = errorOf({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_SIGNING_SECRET: 's' });
    expect(tokenErr.message).not.toContain('xoxp-user-token-secret');
  });
});
