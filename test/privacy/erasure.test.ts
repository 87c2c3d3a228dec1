// @engines sqlite postgres
import fs from 'node:fs';

import { fixedClock } from '../../src/core/clock';
import { nudgesJob } from '../../src/features/nudges/job';
import { startTestApp, type TestApp } from '../support/harness';
import { shownText } from '../timelog/helpers';

/** Every distinctive text stored, and whether the database file or its WAL still holds it. */
function textsLeftOnDisk(dbPath: string, texts: readonly string[]): string[] {
  const files = [dbPath, `${dbPath}-wal`].filter((f) => fs.existsSync(f));
  const bytes = Buffer.concat(files.map((f) => fs.readFileSync(f)));
  return texts.filter((text) => bytes.includes(Buffer.from(text, 'utf8')));
}

async function storedCount(t: TestApp, sql: string): Promise<number> {
  return (await t.sql.get<{ n: number }>(sql))?.n ?? -1;
}

/** The texts that some row of some table still holds, whichever the engine (every table read whole). */
async function textsLeftInTables(t: TestApp, texts: readonly string[]): Promise<string[]> {
  const tables =
    t.sql.engine === 'sqlite'
      ? await t.sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      : await t.sql.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
  let dump = '';
  for (const { name } of tables) dump += JSON.stringify(await t.sql.all(`SELECT * FROM "${name}"`));
  return texts.filter((text) => dump.includes(text.replace(/"/g, '\\"')));
}

/** SQLite only: the bytes of the file and its WAL (PostgreSQL's files are the server's; see README). */
async function textsLeftAnywhere(t: TestApp, texts: readonly string[]): Promise<string[]> {
  const inTables = await textsLeftInTables(t, texts);
  const onDisk = t.sql.engine === 'sqlite' ? textsLeftOnDisk(t.dbPath, texts) : [];
  return texts.filter((text) => inTables.includes(text) || onDisk.includes(text));
}

/** A message the delivery ledger stored and sent (as the nudges and summary jobs do). */
async function storeSentMessage(t: TestApp, d: { key: string; userId: string | null; channel: string; text: string; context?: unknown }): Promise<void> {
  const deliveries = t.app.deps.repos.deliveries;
  const at = t.clock.now();
  const claimed = await deliveries.claim({
    key: d.key,
    userId: d.userId,
    kind: d.key.split(':')[0] ?? 'test',
    dueAt: at,
    channel: d.channel,
    payload: JSON.stringify({ channel: d.channel, text: d.text, blocks: null }),
    context: d.context === undefined ? null : JSON.stringify(d.context),
    token: 'tok',
    at,
  });
  expect(claimed).toBe(true);
  expect(await deliveries.markSent(d.key, 'tok', { ts: '1.1', channel: d.channel, at })).toBe(true);
}

describe('deleted means deleted: no copy left in the database files', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({
      users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }, { id: 'U_MANAGER2', tz: 'Europe/Berlin' }, { id: 'U_ALEX' }, { id: 'U_SAM' }],
    });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('forget-me leaves none of the note, agenda item, FAQ question or cohort mention in the file or the WAL', async () => {
    const texts = ['aardvark-note-7731', 'bumblebee-agenda-4410', 'capybara-question-9921', 'dromedary-split-5512', '<@U_MANAGER1>'];
    await t.commandReply('log coding 1h aardvark-note-7731');
    await t.commandReply('1on1 add <@U_ALEX> thursday 15:00 weekly');
    await t.commandReply('1on1 note <@U_ALEX> bumblebee-agenda-4410');
    await t.commandReply('faq capybara-question-9921 how do I run a retro');
    await t.app.deps.faqQuestions.flush();
    await storeSentMessage(t, {
      key: 'weekly-summary:cohort:2026-11-09',
      userId: null,
      channel: 'C_COHORT',
      text: 'Cohort week of 9 Nov: <@U_MANAGER1> coding 40% people 35% dromedary-split-5512',
    });
    await t.commandReply('log people 2h kept-note-of-manager-two', { userId: 'U_MANAGER2' });
    expect(await storedCount(t, "SELECT COUNT(*) AS n FROM faq_questions WHERE question LIKE 'capybara-question-9921%'")).toBe(1);
    expect(await storedCount(t, "SELECT COUNT(*) AS n FROM agenda_items WHERE text = 'bumblebee-agenda-4410'")).toBe(1);
    expect(await textsLeftInTables(t, texts)).toEqual(texts);

    const press = t.buttonPayload('time_log_forget_me_confirm', 'confirm');
    await t.interact(press);
    const answer = await t.double.waitFor(() => t.double.responses.find((r) => press.response_url.endsWith(r.id)));
    expect(shownText(answer.body)).toContain('lead-coach keeps nothing about you now');
    await t.double.waitFor(() => t.double.callsTo('views.publish')[0]);
    // The cohort post keeps its ledger row (so the week is not posted again) but not its message.
    expect(await t.sql.get("SELECT status, payload FROM deliveries WHERE key = 'weekly-summary:cohort:2026-11-09'")).toEqual({ status: 'sent', payload: null });
    expect(await textsLeftInTables(t, texts)).toEqual([]);

    await t.stop();
    t = await startTestApp({ dbPath: t.dbPath });
    expect(await textsLeftAnywhere(t, texts)).toEqual([]);
    expect(await textsLeftAnywhere(t, ['kept-note-of-manager-two'])).toEqual(['kept-note-of-manager-two']);
  });

  it('1on1 remove leaves neither its agenda nor the prep nudge that showed it in the file or the WAL, and keeps the other 1:1', async () => {
    await t.commandReply('1on1 add <@U_ALEX> thursday 15:00 weekly');
    await t.commandReply('1on1 add <@U_SAM> friday 11:00 weekly');
    await t.commandReply('1on1 note <@U_ALEX> eland-agenda-3307 talk about the promotion case');
    await t.commandReply('1on1 note <@U_SAM> ferret-agenda-kept');
    const alex = await t.sql.get<{ id: number }>("SELECT id FROM one_on_ones WHERE report_user_id = 'U_ALEX'");
    const sam = await t.sql.get<{ id: number }>("SELECT id FROM one_on_ones WHERE report_user_id = 'U_SAM'");
    if (!alex || !sam) throw new Error('the 1:1s were not stored');
    await storeSentMessage(t, {
      key: 'one-on-one-prep:U_MANAGER1:2026-11-19',
      userId: 'U_MANAGER1',
      channel: 'U_MANAGER1',
      text: '1:1 with <@U_ALEX> in 60 minutes. Open: eland-agenda-3307 talk about the promotion case',
      context: { occurrence: { oneOnOne: { id: alex.id, reportUserId: 'U_ALEX' } } },
    });
    await storeSentMessage(t, {
      key: 'one-on-one-prep:U_MANAGER1:2026-11-20',
      userId: 'U_MANAGER1',
      channel: 'U_MANAGER1',
      text: '1:1 with <@U_SAM> in 60 minutes. Open: ferret-agenda-kept',
      context: { occurrence: { oneOnOne: { id: sam.id, reportUserId: 'U_SAM' } } },
    });

    const reply = await t.commandReply('1on1 remove <@U_ALEX>');
    expect(shownText(reply)).toContain('Removed your 1:1 with <@U_ALEX> and its agenda');
    expect(await storedCount(t, "SELECT COUNT(*) AS n FROM deliveries WHERE key = 'one-on-one-prep:U_MANAGER1:2026-11-19' AND payload IS NULL")).toBe(1);

    await t.stop();
    t = await startTestApp({ dbPath: t.dbPath });
    expect(await textsLeftAnywhere(t, ['eland-agenda-3307'])).toEqual([]);
    expect(await textsLeftAnywhere(t, ['ferret-agenda-kept'])).toEqual(['ferret-agenda-kept']);
  });
});

describe('stored messages are kept only while a crashed send may need them', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.stop();
  });

  const payloadOf = async (key: string): Promise<unknown> => (await t.sql.get<{ payload: string | null }>('SELECT payload FROM deliveries WHERE key = ?', [key]))?.payload;

  it('the nudges job clears the message of a finished delivery once it is older than the stale-claim window, not of a claim in flight', async () => {
    await storeSentMessage(t, { key: 'weekly-summary:cohort:2026-11-09', userId: null, channel: 'C_COHORT', text: 'Cohort week of 9 Nov' });
    await t.app.deps.repos.deliveries.claim({
      key: 'weekly-summary:cohort:2026-11-16', userId: null, kind: 'weekly-summary', dueAt: t.clock.now(), channel: 'C_COHORT',
      payload: JSON.stringify({ channel: 'C_COHORT', text: 'in flight', blocks: null }), context: null, token: 'other', at: t.clock.now(),
    });
    const tick = async (at: string) =>
      nudgesJob({ backoffMs: 10, staleClaimMs: 2 * 60_000 }).run(new Date(at), { ...t.app.deps, clock: fixedClock(at), client: t.app.bolt.client });
    await tick('2026-11-18T10:01:00Z');
    expect(await payloadOf('weekly-summary:cohort:2026-11-09')).not.toBeNull();
    // Three minutes on, the claim in flight is stale: it is re-sent from its message, the sent one loses its message.
    await tick('2026-11-18T10:03:00Z');
    expect(await payloadOf('weekly-summary:cohort:2026-11-09')).toBeNull();
    expect(t.double.succeeded('chat.postMessage').map((c) => c.params.text)).toContain('in flight');
  });
});
