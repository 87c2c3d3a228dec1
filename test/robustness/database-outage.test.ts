// @engines sqlite postgres
// The PostgreSQL server going away while the bot runs (PostgreSQL run only: SQLite is a file in the process).
import { SOMETHING_FAILED_TEXT } from '../../src/core/routers/helpBlocks';
import { setConnectionsAllowed, testEngine } from '../support/database';
import { startTestApp, type TestApp } from '../support/harness';

const postgresOnly = testEngine() === 'postgres' ? describe : describe.skip;

postgresOnly('the PostgreSQL server goes away while the bot runs', () => {
  let t: TestApp;

  const cutOff = (allow: boolean) => setConnectionsAllowed(t.dbPath, allow);

  beforeEach(async () => {
    t = await startTestApp();
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
