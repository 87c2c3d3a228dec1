// @engines sqlite postgres
import { startTestApp, type TestApp } from '../support/harness';
import { actionIds, ask, storedEntries, replyTo, shownText, type Block } from './helpers';

async function count(t: TestApp, table: string, userId: string): Promise<number> {
  return (await t.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`, [userId]))?.n ?? 0;
}

describe('export, forget-me and privacy between managers, end to end', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }, { id: 'U_MANAGER2', tz: 'America/New_York' }] });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('sends the manager only their own entries as a safe CSV file in their DM', async () => {
    await ask(t, 'log coding 90m yesterday =HYPERLINK("http://evil.example")');
    await ask(t, 'log people 45m 1:1 with Sam, "career" talk');
    await ask(t, 'log strategy 2h secret plan of manager two', 'U_MANAGER2');
    const reply = await ask(t, 'export');
    expect(reply.text).toContain('Sent you 2 entries as a CSV file in our direct messages.');

    expect(t.double.succeeded('conversations.open')[0]?.params.users).toBe('U_MANAGER1');
    const reserved = t.double.succeeded('files.getUploadURLExternal')[0];
    expect(reserved?.params.filename).toBe('lead-coach-time-log-2026-11-18.csv');
    expect(t.double.uploads).toHaveLength(1);
    const csv = t.double.uploads[0]!.bytes.toString('utf8');
    expect(Number(reserved?.params.length)).toBe(Buffer.byteLength(csv));
    expect(csv.split('\r\n')).toEqual([
      '"date","category","minutes","hours","note","source","time_zone","logged_at_utc"',
      `"2026-11-17","coding","90","1.50","'=HYPERLINK(""http://evil.example"")","command","Europe/Berlin","2026-11-18T10:00:00.000Z"`,
      '"2026-11-18","people","45","0.75","1:1 with Sam, ""career"" talk","command","Europe/Berlin","2026-11-18T10:00:00.000Z"',
      '',
    ]);
    expect(csv).not.toContain('secret plan');

    const completed = t.double.succeeded('files.completeUploadExternal')[0];
    expect(completed?.params.channel_id).toBe('DU_MANAGER1');
    expect(completed?.params.files).toEqual([{ id: t.double.uploads[0]!.id, title: 'Your lead-coach time log (2026-11-18)' }]);
  });

  it('says so when there is nothing to export, and uploads nothing', async () => {
    const reply = await ask(t, 'export');
    expect(reply.text).toContain('Nothing to export yet');
    expect(t.double.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it.each([
    ['files.getUploadURLExternal', 'not_allowed_token_type'],
    ['files.completeUploadExternal', 'channel_not_found'],
    ['conversations.open', 'cannot_dm_bot'],
  ])('answers ephemerally with the Slack error when %s fails', async (method, error) => {
    await ask(t, 'log coding 1h');
    t.double.script(method, { ok: false, error });
    const reply = await ask(t, 'export');
    expect(reply.text).toContain(`Slack refused the export (\`${error}\`), so no file was sent.`);
    expect(t.double.succeeded('files.completeUploadExternal')).toHaveLength(0);
  });

  it('forget-me asks first, deletes everything about the manager on confirm, says what, and leaves others alone', async () => {
    await ask(t, 'log coding 1h');
    await ask(t, 'log people 2h');
    await ask(t, 'targets coding 0-30');
    await t.sql.run("INSERT INTO improvement_answers (team_id, user_id, week_start, at_target, answered_at) VALUES ('T0001', 'U_MANAGER1', '2026-11-16', 1, '2026-11-18T10:00:00Z')");
    await ask(t, 'log people 3h', 'U_MANAGER2');
    await ask(t, 'targets people 40-70', 'U_MANAGER2');

    const confirm = await ask(t, 'forget-me');
    expect(confirm.text).toContain('This deletes everything lead-coach stores about you: 1 system-improvement answer, 1 own target, 2 time entries, 2 changes to your time log (kept for undo), and your settings (time zone, working days and hours, preferences). It cannot be undone.');
    const blocks = confirm.body.blocks as Block[];
    expect(actionIds(blocks)).toEqual(['time_log_forget_me_confirm', 'time_log_forget_me_cancel']);
    expect(await storedEntries(t.sql, 'U_MANAGER1')).toHaveLength(2); // nothing deleted before the button

    const press = t.buttonPayload('time_log_forget_me_confirm', 'confirm');
    await t.interact(press);
    const done = await replyTo(t, press.response_url.split('/response/')[1]!);
    expect(done.replace_original).toBe(true);
    expect(String(done.text)).toBe(
      'Done. Deleted 1 system-improvement answer, 1 own target, 2 time entries, 2 changes to your time log (kept for undo), and your settings (time zone, working days and hours, preferences). lead-coach keeps nothing about you now; using `/lead` again starts afresh.',
    );
    for (const table of ['time_entries', 'time_log_actions', 'manager_targets', 'improvement_answers', 'managers']) expect(await count(t, table, 'U_MANAGER1')).toBe(0);
    // The App Home is re-published after the answer; waited for before the next /lead, which starts afresh.
    const home = await t.double.waitFor(() => t.double.callsTo('views.publish')[0]);
    expect(home.params.user_id).toBe('U_MANAGER1');
    expect(shownText(home.params.view as Record<string, unknown>)).toContain('lead-coach stores nothing about you');
    // After forget-me there is nothing left to undo, not even by a replayed journal.
    expect((await ask(t, 'undo')).text).toBe('Nothing to undo: there is no change to your log left to undo.');
    expect(await storedEntries(t.sql, 'U_MANAGER2')).toHaveLength(1);
    expect(await count(t, 'time_log_actions', 'U_MANAGER2')).toBe(1);
    expect(await count(t, 'manager_targets', 'U_MANAGER2')).toBe(1);
    expect(await count(t, 'managers', 'U_MANAGER2')).toBe(1);
  });

  it('forget-me keeps the cohort channel setting but forgets which admin chose it', async () => {
    await ask(t, 'log coding 1h');
    await t.sql.run("UPDATE summary_settings SET channel_id = 'C_COHORT', set_by = 'U_MANAGER1', set_at = '2026-11-01T00:00:00Z'");
    await ask(t, 'forget-me');
    const press = t.buttonPayload('time_log_forget_me_confirm', 'confirm');
    await t.interact(press);
    const done = await replyTo(t, press.response_url.split('/response/')[1]!);
    expect(String(done.text)).toContain('1 mention of you as the admin who chose the summary channel');
    expect(await t.sql.get('SELECT channel_id, set_by FROM summary_settings')).toEqual({ channel_id: 'C_COHORT', set_by: null });
  });

  it('forget-me cancel deletes nothing', async () => {
    await ask(t, 'log coding 1h');
    await ask(t, 'forget-me');
    const press = t.buttonPayload('time_log_forget_me_cancel', 'cancel');
    await t.interact(press);
    const done = await replyTo(t, press.response_url.split('/response/')[1]!);
    expect(done.text).toBe('Nothing was deleted.');
    expect(await storedEntries(t.sql, 'U_MANAGER1')).toHaveLength(1);
    expect(await count(t, 'managers', 'U_MANAGER1')).toBe(1);
  });

  it('two managers never see or change each other\'s entries', async () => {
    await ask(t, 'log coding 5h ship the feature', 'U_MANAGER1');
    await ask(t, 'log people 1h', 'U_MANAGER2');
    const week2 = await ask(t, 'week', 'U_MANAGER2');
    expect(week2.shown).toContain('*Total:* 1h logged');
    expect(week2.shown).not.toContain('5h');
    const log2 = await ask(t, 'log meetings 1h', 'U_MANAGER2');
    expect(log2.shown).toContain("Today's total: *2h* (people 1h, meetings 1h)");

    const undo2 = await ask(t, 'undo', 'U_MANAGER2');
    expect(undo2.shown).toContain('Removed *meetings 1h*');
    const undo2again = await ask(t, 'undo', 'U_MANAGER2');
    expect(undo2again.shown).toContain('Removed *people 1h*');
    const nothing = await ask(t, 'undo', 'U_MANAGER2');
    expect(nothing.text).toBe('Nothing to undo: there is no change to your log left to undo.');
    expect((await storedEntries(t.sql, 'U_MANAGER1')).map((r) => [r.category, r.minutes, r.note])).toEqual([['coding', 300, 'ship the feature']]);

    const week1 = await ask(t, 'week', 'U_MANAGER1');
    expect(week1.shown).toContain('*Total:* 5h logged');
    // Manager two's forget-me only removes manager two.
    await ask(t, 'forget-me', 'U_MANAGER2');
    const press = t.buttonPayload('time_log_forget_me_confirm', 'confirm', { userId: 'U_MANAGER2' });
    await t.interact(press);
    await replyTo(t, press.response_url.split('/response/')[1]!);
    expect(await storedEntries(t.sql, 'U_MANAGER1')).toHaveLength(1);
    expect(await count(t, 'managers', 'U_MANAGER1')).toBe(1);
  });
});
