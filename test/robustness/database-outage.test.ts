// @engines sqlite postgres
// The PostgreSQL server going away while the bot runs (PostgreSQL run only: SQLite is a file in the process).
import { SOMETHING_FAILED_TEXT } from '../../src/core/routers/helpBlocks';
import { createLogger } from '../../src/core/logger';
import { postgresDatabase } from '../../src/core/db/postgres';
import { testEngine } from '../support/database';
import { startTestApp, type TestApp } from '../support/harness';

const postgresOnly = testEngine() === 'postgres' ? describe : describe.skip;

postgresOnly('the PostgreSQL server goes away while the bot runs', () => {
  let t: TestApp;
  let database: string;

  /** Refuses new connections to the app's database and ends the open ones, as a server restart or failover does. */
  async function cutOff(allow: boolean): Promise<void> {
    const admin = postgresDatabase({ url: process.env.TEST_DATABASE_URL ?? '', logger: createLogger('silent'), poolSize: 1 });
    try {
      await admin.exec(`ALTER DATABASE ${database} ALLOW_CONNECTIONS ${allow ? 'true' : 'false'}`);
      if (!allow) await admin.get('SELECT COUNT(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = ?', [database]);
    } finally {
      await admin.close();
    }
  }

  beforeEach(async () => {
    t = await startTestApp();
    database = new URL(t.dbPath).pathname.slice(1);
    await t.commandReply('start');
  });
  afterEach(async () => {
    await cutOff(true);
    await t.stop();
  });

  it('a request gets a clear ephemeral "try again", /healthz turns 503, nothing is half-written, and all is well once it is back', async () => {
    await t.commandReply('log coding 30m before the outage');
    await cutOff(false);

    const during = await t.command('log people 45m during the outage');
    expect(during.status).toBe(200);
    const reply = await t.double.waitFor(() => t.double.responses.find((r) => r.id === during.responseId), 20_000);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', text: SOMETHING_FAILED_TEXT });

    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', database: 'unreachable', engine: 'postgres' });

    await cutOff(true);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    await t.commandReply('log strategy 15m after the outage');
    const notes = await t.sql.all<{ note: string }>('SELECT note FROM time_entries ORDER BY id');
    expect(notes.map((r) => r.note)).toEqual(['before the outage', 'after the outage']);
  });
});
