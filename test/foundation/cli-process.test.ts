// @engines sqlite postgres
import Database from 'better-sqlite3';

import { signedHeaders } from '../support/signing';
import { tempDbPath } from '../support/harness';
import { freshDatabase, isPostgresLocator, openTestDatabase } from '../support/database';
import { ensureBuilt, runCli, spawnCli } from '../support/cli';
import { startSlackDouble, type SlackDouble } from '../support/slackDouble';

const SECRET = 'process-test-signing-secret';
const TOKEN = 'xoxb-process-test-token';

describe('the lead-coach process', () => {
  let double: SlackDouble;
  beforeAll(async () => {
    ensureBuilt();
    double = await startSlackDouble();
  });
  afterAll(async () => {
    await double.stop();
  });

  it('--help lists start and migrate', async () => {
    const run = await runCli(['--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/start\s+Run the Slack bot/);
    expect(run.stdout).toMatch(/migrate\s+Apply pending database migrations/);
  });

  it('an unknown command exits 2 and points to --help', async () => {
    const run = await runCli(['launch'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "launch"');
  });

  it('a missing variable stops start with exit code 2 and one line naming it, no stack trace', async () => {
    const run = await runCli(['start'], { DATABASE_PATH: tempDbPath(), SLACK_SIGNING_SECRET: 'do-not-print-me' });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: SLACK_BOT_TOKEN: is missing: .*Bot User OAuth Token/);
    expect(run.stderr + run.stdout).not.toContain('do-not-print-me');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a token Slack rejects stops start with exit code 2 naming SLACK_BOT_TOKEN', async () => {
    double.script('auth.test', { ok: false, error: 'invalid_auth' });
    const run = await runCli(['start'], {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: double.apiUrl,
      PORT: '0',
      DATABASE_PATH: tempDbPath(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^Configuration error: SLACK_BOT_TOKEN was rejected by Slack \(invalid_auth\)/);
    expect(run.stderr + run.stdout).not.toContain(TOKEN);
  });

  it('migrate applies the migrations, then reports the database up to date', async () => {
    const dbPath = tempDbPath();
    const first = await runCli(['migrate'], { DATABASE_PATH: dbPath });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\) to .*001_init\.sql/);
    const second = await runCli(['migrate'], { DATABASE_PATH: dbPath });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/is up to date/);
  });

  it('an edited migration stops migrate with a clear error and a non-zero exit', async () => {
    const dbPath = tempDbPath();
    await runCli(['migrate'], { DATABASE_PATH: dbPath });
    const db = new Database(dbPath);
    db.prepare("UPDATE schema_migrations SET checksum = 'edited' WHERE name = '001_init.sql'").run();
    db.close();
    const run = await runCli(['migrate'], { DATABASE_PATH: dbPath });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^Migration 001_init\.sql was changed after it was applied/);
  });

  it('serves Slack, then on SIGTERM stops schedules, Bolt and the database and exits 0 within 5 s', async () => {
    const { db: created, locator } = await freshDatabase();
    await created.close();
    // On PostgreSQL the URL carries a password (the test cluster ignores it): it must appear in no log line.
    const url = isPostgresLocator(locator) ? locator.replace('://lead_coach@', '://lead_coach:pw-never-logged@') : '';
    const child = spawnCli(['start'], {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: double.apiUrl,
      PORT: '0',
      ...(url ? { DATABASE_URL: url } : { DATABASE_PATH: locator }),
      LOG_LEVEL: 'info',
    });
    let stdout = '';
    const started = new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
        const line = stdout.split('\n').find((l) => l.includes('"lead-coach started"'));
        if (line) resolve((JSON.parse(line) as { port: number }).port);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stdout}`)));
    });
    const port = await started;
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { status: string; engine: string };
    expect(health).toMatchObject({ status: 'ok', engine: url ? 'postgres' : 'sqlite' });
    double.addUser({ id: 'U_PROC', tz: 'Europe/Berlin' });
    const body = new URLSearchParams({
      team_id: 'T0001',
      user_id: 'U_PROC',
      command: '/lead',
      text: 'help',
      channel_id: 'C1',
      response_url: double.responseUrl('proc-help'),
      trigger_id: 't',
    }).toString();
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'),
      body,
    });
    expect(res.status).toBe(200);
    await double.waitFor(() => double.responses.find((r) => r.id === 'proc-help'));

    const sentAt = Date.now();
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
      child.on('exit', (code) => resolve({ code, ms: Date.now() - sentAt })),
    );
    child.kill('SIGTERM');
    const { code, ms } = await exited;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    expect(stdout).toContain('"lead-coach stopped"');
    for (const line of stdout.trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(stdout).not.toContain(TOKEN);
    expect(stdout).not.toContain('pw-never-logged');
    // The database was closed cleanly: the enrolment is readable by a new connection.
    const db = await openTestDatabase(locator);
    try {
      expect(await db.all('SELECT user_id FROM managers')).toEqual([{ user_id: 'U_PROC' }]);
    } finally {
      await db.close();
    }
  });
});
