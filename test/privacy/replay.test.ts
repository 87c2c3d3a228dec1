// @engines sqlite postgres
import type { SqlValue } from '../../src/core/db/sql';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/harness';
import { signedHeaders } from '../support/signing';
import { shownText } from '../timelog/helpers';

const FORM = 'application/x-www-form-urlencoded';

async function countRows(t: TestApp, sql: string, ...params: SqlValue[]): Promise<number> {
  return (await t.sql.get<{ n: number }>(sql, params))?.n ?? 0;
}

/** Sends one signed request three times, exactly as captured (same body, timestamp and signature). */
async function replayThrice(t: TestApp, body: string): Promise<Array<{ status: number; body: string }>> {
  const headers = signedHeaders(SIGNING_SECRET, body, FORM);
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await t.postSigned(body, FORM, headers));
  return answers;
}

describe('a replayed signed request has its effect once', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }, { id: 'U_ALEX', tz: 'Europe/Berlin' }] });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('three copies of one /lead undo remove one entry, and only the first is answered', async () => {
    for (const text of ['log coding 1h', 'log people 2h', 'log strategy 30m']) await t.commandReply(text);
    const answers = await replayThrice(t, t.commandBody('undo', {}, 'undo-replayed'));
    const categories = (await t.sql.all<{ category: string }>("SELECT category FROM time_entries WHERE user_id = 'U_MANAGER1' ORDER BY id")).map((r) => r.category);
    expect(categories).toEqual(['coding', 'people']);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]?.body).toContain('Removed *strategy 30m*');
    expect(answers.slice(1).map((a) => a.body)).toEqual(['', '']);
    const fresh = await t.commandReply('undo');
    expect(shownText(fresh)).toContain('Removed *people 2h*');
  });

  it('three copies of one /lead 1on1 note store the agenda item once', async () => {
    await t.commandReply('1on1 add <@U_ALEX> thursday 15:00 weekly');
    const body = t.commandBody('1on1 note <@U_ALEX> ask about the on-call rotation', {}, 'note-replayed');
    await replayThrice(t, body);
    await t.double.waitFor(() => t.double.responses.find((r) => r.id === 'note-replayed'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await countRows(t, "SELECT COUNT(*) AS n FROM agenda_items WHERE text = 'ask about the on-call rotation'")).toBe(1);
    expect(t.double.responses.filter((r) => r.id === 'note-replayed')).toHaveLength(1);
    expect(t.logs.lines.filter((l) => l.msg === 'replayed command ignored: it was acted on once already')).toHaveLength(2);
  });

  it('a replayed /lead pause pauses once and answers once', async () => {
    await t.commandReply('log coding 1h');
    const answers = await replayThrice(t, t.commandBody('pause 3d', {}, 'pause-replayed'));
    await t.double.waitFor(() => t.double.responses.find((r) => r.id === 'pause-replayed') ?? (answers[0]?.body ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const said = t.double.responses.filter((r) => r.id === 'pause-replayed').length + answers.filter((a) => a.body !== '').length;
    expect(said).toBe(1);
    expect(await countRows(t, "SELECT COUNT(*) AS n FROM managers WHERE user_id = 'U_MANAGER1' AND paused_until IS NOT NULL")).toBe(1);
  });

  it('a replayed button press acts once: one confirmation, one Home update', async () => {
    await t.commandReply('log coding 1h');
    const payload = t.buttonPayload('time_log_forget_me_confirm', 'confirm');
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    await replayThrice(t, body);
    await t.double.waitFor(() => t.double.callsTo('views.publish')[0]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const responseId = payload.response_url.split('/').pop();
    expect(t.double.responses.filter((r) => r.id === responseId)).toHaveLength(1);
    expect(t.double.callsTo('views.publish')).toHaveLength(1);
    expect(t.logs.lines.filter((l) => l.msg === 'replayed block action ignored: it was acted on once already')).toHaveLength(2);
  });

  it('forgets request keys after ten minutes', async () => {
    await t.commandReply('log coding 1h');
    await t.commandReply('undo');
    expect(await countRows(t, 'SELECT COUNT(*) AS n FROM request_keys')).toBe(1);
    t.clock.advance(11 * 60 * 1000);
    await t.commandReply('log people 1h');
    await t.commandReply('undo');
    expect(await t.sql.all('SELECT key FROM request_keys')).toHaveLength(1);
  });
});
