// @engines sqlite postgres
import { setConnectionsAllowed } from '../support/database';
import { signedHeaders, slackSignature } from '../support/signing';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/harness';

/**
 * The app's database stops answering: on SQLite its connection is closed; on PostgreSQL the server
 * refuses new connections to the app's database and ends the open ones (as a restart or failover does).
 * Returns what brings it back (nothing to do on SQLite: t.stop() is all that is left).
 */
async function databaseGoesAway(t: TestApp): Promise<() => Promise<void>> {
  if (t.sql.engine === 'sqlite') {
    t.db.close();
    return () => Promise.resolve();
  }
  await setConnectionsAllowed(t.dbPath, false);
  return () => setConnectionsAllowed(t.dbPath, true);
}

describe('HTTP mode, end to end through the signed receiver', () => {
  let t: TestApp;
  let bringBack: () => Promise<void> = () => Promise.resolve();

  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Asia/Kolkata' }] });
  });
  afterEach(async () => {
    await bringBack();
    bringBack = () => Promise.resolve();
    await t.stop();
  });

  async function managerCount(): Promise<number> {
    return (await t.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM managers'))?.n ?? -1;
  }

  it('answers /lead help with an ephemeral Block Kit overview listing every subcommand with an example', async () => {
    const reply = await t.commandReply('help');
    expect(reply.response_type).toBe('ephemeral');
    expect(typeof reply.text).toBe('string');
    const blocks = reply.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks[0]).toMatchObject({ type: 'header' });
    const allText = blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(allText).toContain('`/lead help`');
    expect(allText).toMatch(/engineering manager/);
  });

  it('answers /lead alone exactly like /lead help', async () => {
    const alone = await t.commandReply('');
    const help = await t.commandReply('help');
    expect(alone.blocks).toEqual(help.blocks);
  });

  it('records a first-time user as a manager with the time zone Slack reports', async () => {
    expect(await managerCount()).toBe(0);
    await t.commandReply('help');
    const row = (await t.sql.get<Record<string, unknown>>('SELECT * FROM managers WHERE user_id = ?', ['U_MANAGER1'])) ?? {};
    expect(row).toMatchObject({ user_id: 'U_MANAGER1', team_id: 'T0001', time_zone: 'Asia/Kolkata' });
    expect(row.enrolled_at).toBe('2026-11-18T10:00:00.000Z');
    await t.commandReply('help');
    expect(await managerCount()).toBe(1);
    expect(t.double.callsTo('users.info')).toHaveLength(1);
  });

  it('enrols in UTC when users.info fails, and still answers', async () => {
    t.double.script('users.info', { ok: false, error: 'ratelimited' });
    const reply = await t.commandReply('help');
    expect(reply.response_type).toBe('ephemeral');
    expect(await t.sql.all('SELECT time_zone FROM managers')).toEqual([{ time_zone: 'UTC' }]);
  });

  it('answers an unknown subcommand ephemerally with the closest command and a pointer to help', async () => {
    const reply = await t.commandReply('hlep');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('Unknown command `hlep`');
    expect(reply.text).toContain('Did you mean `/lead help`?');
    expect(reply.text).toContain('/lead help');
  });

  it('answers a subcommand nothing resembles without a wrong suggestion', async () => {
    const reply = await t.commandReply('bogus');
    expect(reply.text).toContain('Unknown command `bogus`');
    expect(reply.text).not.toContain('Did you mean');
  });

  describe('refuses unsigned or replayed requests with 401 and changes nothing', () => {
    const cases: Array<[string, (body: string) => Record<string, string>]> = [
      ['a bad signature', (body) => ({ ...signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'), 'X-Slack-Signature': slackSignature('wrong-secret', Math.floor(Date.now() / 1000), body) })],
      ['a timestamp older than 5 minutes', (body) => signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded', Math.floor(Date.now() / 1000) - 6 * 60)],
      ['missing signature headers', () => ({ 'Content-Type': 'application/x-www-form-urlencoded' })],
    ];
    it.each(cases)('%s', async (_name, headersFor) => {
      const body = t.commandBody('help', {}, 'refused');
      const res = await t.postSigned(body, 'application/x-www-form-urlencoded', headersFor(body));
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 150));
      expect(t.double.responses).toHaveLength(0);
      expect(t.double.callsTo('users.info')).toHaveLength(0);
      expect(await managerCount()).toBe(0);
    });
  });

  it('serves /healthz with 200 JSON while the database answers, 503 when it does not', async () => {
    const ok = await fetch(`${t.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', database: 'ok', transport: 'http' });
    bringBack = await databaseGoesAway(t);
    const down = await fetch(`${t.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
  });

  it('routes a listener failure to the one error handler, which logs it and tells the user ephemerally', async () => {
    t.app.bolt.command('/lead-broken', async ({ ack }) => {
      await ack();
      throw new Error('boom in listener');
    });
    const { responseId } = await t.command('', { command: '/lead-broken' });
    const reply = await t.double.waitFor(() => t.double.responses.find((r) => r.id === responseId));
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.body.text)).toMatch(/something went wrong/i);
    const logged = t.logs.lines.find((l) => l.msg === 'listener failed');
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('boom in listener');
  });

  it('logs Slack failures (5xx from the Web API) without the token', async () => {
    t.double.always('users.info', { status: 500, body: { ok: false, error: 'internal_error' } });
    await t.commandReply('help');
    t.double.always('views.publish', { status: 503 });
    await t.event({ type: 'app_home_opened', user: 'U_MANAGER1', channel: 'D1', tab: 'home' });
    await t.double.waitFor(() => t.logs.lines.some((l) => l.msg === 'listener failed'), 10000);
    const all = t.logs.raw.join('\n');
    expect(all).toContain('internal_error');
    expect(all).not.toContain('xoxb-test-bot-token');
  });

  it('writes every log line as JSON and never a token', async () => {
    await t.commandReply('help');
    expect(t.logs.raw.length).toBeGreaterThan(0);
    for (const line of t.logs.raw) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const all = t.logs.raw.join('\n');
    expect(all).not.toContain('xoxb-test-bot-token');
    expect(all).not.toContain(SIGNING_SECRET);
  });
});

describe('answers that need only the database ride on the acknowledgement', () => {
  let t: TestApp;
  let bringBack: () => Promise<void> = () => Promise.resolve();
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await bringBack();
    bringBack = () => Promise.resolve();
    await t.stop();
  });

  it('a known manager gets /lead help in the HTTP response itself, with nothing posted to response_url', async () => {
    await t.commandReply('help'); // first contact: enrolment asks Slack, so the answer goes to response_url
    // ...followed by the one-time coaching offer.
    await t.double.waitFor(() => t.double.responses[1]);
    expect(t.double.responses).toHaveLength(2);
    const { status, body } = await t.command('help');
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ response_type: 'ephemeral', blocks: expect.any(Array) });
    await new Promise((r) => setTimeout(r, 100));
    expect(t.double.responses).toHaveLength(2);
  });

  it('when the database fails, the command is still acknowledged and the user told through response_url', async () => {
    await t.commandReply('help');
    bringBack = await databaseGoesAway(t);
    const { status, responseId } = await t.command('week');
    expect(status).toBe(200);
    const reply = await t.double.waitFor(() => t.double.responses.find((r) => r.id === responseId), 20_000);
    expect(String(reply.body.text)).toMatch(/something went wrong/i);
  });
});

describe('block actions', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('an action with no handler (a link button, a stale message) is acknowledged quietly, with no error shown', async () => {
    const press = t.buttonPayload('link_button_to_docs', 'x');
    const res = await t.interact(press);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));
    expect(t.double.responses).toHaveLength(0);
    expect(t.logs.lines.some((l) => l.msg === 'listener failed')).toBe(false);
  });
});
