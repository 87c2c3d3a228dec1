// @engines sqlite postgres
import { nudgesJob, type NudgeJobReport } from '../../src/features/nudges/job';
import { startTestApp, type TestApp } from '../support/harness';
import { FAST } from './support';

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Array<{ action_id?: string; value?: string; text?: { text: string } | string }>; accessory?: { action_id?: string; value?: string; text?: { text: string } } };

describe('nudges through the real app: commands, buttons and App Home', () => {
  let t: TestApp;

  beforeEach(async () => {
    // Wednesday 18 Nov 2026, 10:00 UTC = 11:00 in Berlin.
    t = await startTestApp({
      now: '2026-11-18T10:00:00Z',
      users: [
        { id: 'U_MANAGER1', tz: 'Europe/Berlin' },
        { id: 'U_ADMIN', tz: 'Asia/Kolkata', is_admin: true },
        { id: 'U_M2', tz: 'Pacific/Auckland' },
        { id: 'U_M3', tz: 'America/New_York' },
        { id: 'U_BOT', is_bot: true },
        { id: 'U_GONE', deleted: true },
      ],
    });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function tick(at: string): Promise<NudgeJobReport> {
    t.clock.set(at);
    return (await nudgesJob(FAST).run(new Date(at), { ...t.app.deps, client: t.app.bolt.client })) as NudgeJobReport;
  }

  function lastDm(userId = 'U_MANAGER1') {
    const posts = t.double.succeeded('chat.postMessage').filter((c) => c.params.channel === userId);
    const post = posts[posts.length - 1];
    if (!post) throw new Error(`no DM to ${userId}`);
    return { text: String(post.params.text), blocks: post.params.blocks as Block[] };
  }

  function buttons(blocks: Block[]): Array<{ action_id?: string; value?: string; label: string }> {
    const out: Array<{ action_id?: string; value?: string; label: string }> = [];
    for (const b of blocks) {
      for (const e of b.elements ?? []) if (e.action_id) out.push({ action_id: e.action_id, value: e.value, label: typeof e.text === 'string' ? e.text : (e.text?.text ?? '') });
      if (b.accessory?.action_id) out.push({ action_id: b.accessory.action_id, value: b.accessory.value, label: b.accessory.text?.text ?? '' });
    }
    return out;
  }

  async function press(actionId: string, value: string, userId = 'U_MANAGER1') {
    const payload = t.buttonPayload(actionId, value, { userId, channelId: `D_${userId}`, container: { type: 'message', message_ts: '1.1', channel_id: `D_${userId}`, is_ephemeral: false } });
    const seen = t.double.responses.length;
    const res = await t.interact(payload);
    expect(res.status).toBe(200);
    const id = payload.response_url.split('/').pop();
    return (await t.double.waitFor(() => t.double.responses.slice(seen).find((r) => r.id === id))).body;
  }

  const blockText = (blocks: unknown): string => JSON.stringify(blocks);
  /** Check-in DMs only (the once-only manager-README nudge also arrives in the first week). */
  /** DMs other than the welcome that /lead start sends once. */
  const nudgeDms = () => t.double.succeeded('chat.postMessage').filter((c) => !String(c.params.text).startsWith('Welcome to lead-coach'));
  const checkins = () => t.double.succeeded('chat.postMessage').filter((c) => String(c.params.text).includes('Time check-in'));

  /** Enrols U_MANAGER1 and moves their check-in to Wednesdays, so a Wednesday tick sends it on its own. */
  async function checkinOnWednesdays(): Promise<void> {
    await t.commandReply('start');
    await t.app.deps.repos.nudgeSettings.setOverride('U_MANAGER1', 'time-checkin', { weekdays: [3] }, t.clock.now());
  }

  it('/lead 1on1 add, note, list and remove; the prep nudge lists open items, ticks them off in place, and carries the rest over', async () => {
    await t.commandReply('start'); // nudges need an explicit start
    const added = await t.commandReply('1on1 add <@U_REPORT|alex> thursday 15:00 weekly');
    expect(added.response_type).toBe('ephemeral');
    expect(added.text).toContain('Added your weekly 1:1 with <@U_REPORT>: Thursdays at 15:00 (Europe/Berlin), first on Thu 19 Nov');
    await t.commandReply('1on1 note <@U_REPORT|alex> ask about the on-call rotation');
    await t.commandReply('1on1 note <@U_REPORT|alex> career goals for next year');
    const list = await t.commandReply('1on1 list');
    expect(blockText(list.blocks)).toContain('2 open agenda items');
    expect(blockText(list.blocks)).toContain('ask about the on-call rotation');

    // Thursday 14:00 Berlin = 13:00Z: the prep nudge.
    await tick('2026-11-19T13:00:00Z');
    const prep = lastDm();
    expect(prep.text).toContain('1:1 with <@U_REPORT> at 15:00 on Thu 19 Nov');
    const ticks = buttons(prep.blocks).filter((b) => b.action_id === 'nudge_agenda_done');
    expect(ticks).toHaveLength(2);

    const after = await press('nudge_agenda_done', ticks[0]!.value!);
    expect(after.replace_original).toBe(true);
    expect(blockText(after.blocks)).not.toContain('ask about the on-call rotation');
    expect(blockText(after.blocks)).toContain('career goals for next year');
    expect((await t.sql.get<{ status: string }>("SELECT status FROM agenda_items WHERE text LIKE 'ask about%'"))?.status).toBe('done');

    // Next week: the unticked item carries over, marked as such.
    t.clock.set('2026-11-20T10:00:00Z');
    await t.commandReply('1on1 note <@U_REPORT|alex> new topic');
    await tick('2026-11-26T13:00:00Z');
    const next = lastDm();
    expect(blockText(next.blocks)).toContain('career goals for next year _(carried over)_');
    expect(blockText(next.blocks)).toMatch(/new topic(?! _\(carried)/);
    expect(blockText(next.blocks)).not.toContain('ask about the on-call rotation');

    const removed = await t.commandReply('1on1 remove <@U_REPORT|alex>');
    expect(removed.text).toContain('Removed your 1:1 with <@U_REPORT>');
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM agenda_items')).toEqual({ n: 0 });
  });

  it.each([
    ['1on1 add alex thursday 15:00', 'is not a person: mention them with @'],
    ['1on1 add @alex thursday 15:00', 'is not a Slack mention'],
    ['1on1 add <@U_REPORT|alex> someday 15:00', '`someday` is not a weekday'],
    ['1on1 add <@U_REPORT|alex> thursday 25:00', '`25:00` is not a time'],
    ['1on1 add <@U_REPORT|alex> thursday 15:00 monthly', '`monthly` is not a cadence'],
    ['1on1 add <@U_MANAGER1|me> thursday 15:00', 'A 1:1 needs someone other than you'],
    ['1on1 note <@U_REPORT|alex> hello', 'You have no 1:1 registered with <@U_REPORT>'],
    ['1on1 remove <@U_REPORT|alex>', 'You have no 1:1 registered with <@U_REPORT>'],
    ['1on1 frobnicate', 'is not a 1:1 command'],
    ['pause', 'Say how long to pause'],
    ['pause 0d', 'Pause for at least one day'],
    ['pause 400d', 'longer than the 90-day maximum'],
    ['pause until 2026-02-30', '`2026-02-30` is not a date'],
    ['pause until 2026-11-01', '2026-11-01 is in the past'],
    ['pause tomorrow', "I can't read `tomorrow` as a pause"],
    ['nudges off sometimes', '`sometimes` is not a nudge'],
    ['hours weekdays 9-5', 'is not a day or day range'],
    ['hours mon-fri 18:00-09:00', 'at least an hour long'],
    ['timezone Mars/Olympus', '`Mars/Olympus` is not an IANA time zone'],
    ['enroll', 'Only workspace admins and owners'],
  ])('`/lead %s` answers ephemerally with the problem and an example, and changes nothing', async (text, problem) => {
    await t.commandReply('help'); // enrolled before, so the managers row can be compared as is
    const before = JSON.stringify(await t.sql.all('SELECT * FROM managers ORDER BY user_id'));
    const reply = await t.commandReply(text);
    expect(reply.response_type).toBe('ephemeral');
    expect(blockText(reply.blocks)).toContain(problem);
    if (!text.startsWith('enroll')) expect(blockText(reply.blocks)).toMatch(/Example: `\/lead /);
    const after = JSON.stringify(await t.sql.all('SELECT * FROM managers ORDER BY user_id'));
    expect(after).toBe(before);
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM one_on_ones')).toEqual({ n: 0 });
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM nudge_opt_outs')).toEqual({ n: 0 });
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM managers WHERE paused_until IS NOT NULL')).toEqual({ n: 0 });
  });

  it('/lead nudges shows each nudge’s next occurrence in the manager’s time, and its toggle turns one off', async () => {
    await t.commandReply('start');
    const reply = await t.commandReply('nudges');
    const text = blockText(reply.blocks);
    expect(text).toContain('*No-code block* · Mondays at 09:00\\nNext: Mon 23 Nov, 09:00');
    expect(text).toContain('*20% system improvement* · Thursdays at 16:30\\nNext: Thu 19 Nov, 16:30');
    expect(text).toContain('*Time check-in* · Tuesdays and Thursdays at 16:30, unless that day is already logged\\nNext: Thu 19 Nov, 16:30');
    expect(text).toContain('*Impact portfolio* · the first Monday of each month at 09:00\\nNext: Mon 7 Dec, 09:00');
    expect(text).toContain('No 1:1s registered yet');
    const toggle = buttons(reply.blocks as Block[]).find((b) => b.action_id === 'nudges_toggle' && b.value?.includes('time-checkin'));
    const updated = await press('nudges_toggle', toggle!.value!);
    expect(updated.replace_original).toBe(true);
    expect(blockText(updated.blocks)).toContain('*Time check-in* · Tuesdays and Thursdays at 16:30, unless that day is already logged\\nOff');
    await tick('2026-11-19T15:30:00Z');
    expect(nudgeDms().map((c) => String(c.params.text))).toEqual([expect.stringMatching(/^20% system improvement: /)]);
  });

  it('/lead hours and /lead timezone change when nudges come', async () => {
    await t.commandReply('start'); // nudges need an explicit start
    expect((await t.commandReply('hours tue-fri 10:00-16:00')).text).toContain('Working days set to Tue, Wed, Thu, Fri, 10:00–16:00 (Europe/Berlin)');
    expect((await t.commandReply('timezone Asia/Kolkata')).text).toContain('Your time zone is now Asia/Kolkata');
    expect(await t.sql.get('SELECT time_zone, time_zone_source, working_days, work_start, work_end FROM managers')).toEqual({
      time_zone: 'Asia/Kolkata', time_zone_source: 'manual', working_days: '2,3,4,5', work_start: '10:00', work_end: '16:00',
    });
    // Thursday 16:30 is after 16:00, so the check-in comes at 15:30 Kolkata time = 10:00Z.
    const report = await tick('2026-11-19T10:00:00Z');
    expect(report.lines).toContainEqual(expect.stringContaining('time-checkin to U_MANAGER1 (due 2026-11-19 15:30 Asia/Kolkata)'));
  });

  it('/lead timezone slack drops the override and follows the Slack profile again; a Slack failure changes nothing', async () => {
    await t.commandReply('start'); // nudges need an explicit start
    await t.commandReply('timezone Asia/Kolkata');
    expect((await t.commandReply('timezone')).text).toContain('/lead timezone slack');

    t.double.script('users.info', { ok: false, error: 'internal_error' });
    const failed = await t.commandReply('timezone slack');
    expect(failed.response_type).toBe('ephemeral');
    expect(failed.text).toContain('nothing changed: your time zone is still Asia/Kolkata');
    const zone = () => t.sql.get("SELECT time_zone, time_zone_source FROM managers WHERE user_id = 'U_MANAGER1'");
    expect(await zone()).toEqual({ time_zone: 'Asia/Kolkata', time_zone_source: 'manual' });

    t.double.addUser({ id: 'U_MANAGER1', tz: 'America/New_York' });
    const followed = await t.commandReply('timezone Slack');
    expect(followed.text).toContain('Your time zone follows your Slack profile again: America/New_York');
    expect(await zone()).toEqual({ time_zone: 'America/New_York', time_zone_source: 'slack' });
    // Thursday's 16:30 check-in now comes at 16:30 New York time.
    const report = await tick('2026-11-19T21:30:00Z');
    expect(report.lines).toContainEqual(expect.stringContaining('time-checkin to U_MANAGER1 (due 2026-11-19 16:30 America/New_York)'));
  });

  it('/lead pause 3d pauses through the third day counting today, /lead resume brings nudges back', async () => {
    await t.commandReply('start'); // nudges need an explicit start
    const paused = await t.commandReply('pause 3d');
    expect(paused.text).toContain('Nudges paused through Fri 20 Nov (2026-11-20). They start again on Mon 23 Nov');
    await tick('2026-11-19T15:30:00Z'); // Thu check-in and 20% question
    await tick('2026-11-20T15:30:00Z'); // Fri
    expect(nudgeDms()).toHaveLength(0);
    const until = await t.commandReply('pause until 2026-11-25');
    expect(until.text).toContain('Nudges paused through Wed 25 Nov');
    const resumed = await t.commandReply('resume');
    expect(resumed.text).toContain('Pause ended');
    await tick('2026-11-23T08:00:00Z'); // Monday no-code-block
    expect(lastDm().text).toContain('no-code block');
  });

  it('Done, Skip and Snooze update the message in place; a snoozed nudge comes back, Turn off stops that nudge', async () => {
    await checkinOnWednesdays();
    await tick('2026-11-18T15:30:00Z'); // Wed 16:30 Berlin check-in
    const key = buttons(lastDm().blocks).find((b) => b.action_id === 'nudge_done')!.value!;
    expect(key).toBe('nudge:time-checkin:U_MANAGER1:2026-11-18');

    const done = await press('nudge_done', key);
    expect(done.replace_original).toBe(true);
    expect(blockText(done.blocks)).toContain('Done. Nice work.');
    expect(buttons(done.blocks as Block[]).map((b) => b.action_id)).not.toContain('nudge_done');

    const skipped = await press('nudge_skip', key);
    expect(blockText(skipped.blocks)).toContain('Skipped this time');

    const snoozed = await press('nudge_snooze_hour', key);
    expect(blockText(snoozed.blocks)).toContain('Snoozed until Wed 18 Nov, 17:30');
    expect(await tick('2026-11-18T16:29:00Z')).toMatchObject({ sent: 0 });
    expect(await tick('2026-11-18T16:30:00Z')).toMatchObject({ sent: 1 });
    expect(lastDm().blocks[0]).toMatchObject({ type: 'context' });
    expect(blockText(lastDm().blocks)).toContain('Snoozed reminder');
    expect(await tick('2026-11-18T16:31:00Z')).toMatchObject({ sent: 0 });

    const tomorrow = await press('nudge_snooze_tomorrow', key);
    expect(blockText(tomorrow.blocks)).toContain('Snoozed until Thu 19 Nov, 09:00');

    const off = await press('nudge_turn_off', key);
    expect(blockText(off.blocks)).toContain('is turned off');
    expect(await t.sql.all('SELECT nudge_id FROM nudge_opt_outs')).toEqual([{ nudge_id: 'time-checkin' }]);
    // Thursday: neither the snoozed copy nor the regular check-in comes, as the nudge is off.
    await tick('2026-11-19T08:00:00Z');
    await tick('2026-11-19T15:30:00Z');
    expect(checkins()).toHaveLength(2);
  });

  it('two 1:1 preps due in the same minute arrive as one DM Slack accepts, and each section’s buttons act on its own 1:1', async () => {
    await t.commandReply('start');
    // Both meetings start with the working day (Thursday 09:00 Berlin), so both preps come Wednesday 17:00.
    await t.commandReply('1on1 add <@U_M2|sam> thursday 09:00 weekly');
    await t.commandReply('1on1 add <@U_M3|kim> thursday 09:00 weekly');
    const report = await tick('2026-11-18T16:00:00Z');
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    const { blocks } = lastDm();
    const text = blockText(blocks);
    expect(text).toContain('U_M2');
    expect(text).toContain('U_M3');
    const dones = buttons(blocks).filter((b) => b.action_id === 'nudge_done');
    expect(dones).toHaveLength(2);
    expect(new Set(dones.map((b) => b.value)).size).toBe(2);

    // Done on the second section marks the second 1:1's prep, and leaves the first one's buttons as they were.
    const done = await press('nudge_done', dones[1]?.value ?? '');
    const after = done.blocks as Block[];
    const sections = JSON.stringify(after).split('"type":"divider"');
    expect(sections).toHaveLength(2);
    expect(sections[0]).toContain('U_M2');
    expect(sections[0]).not.toContain('Done. Nice work.');
    expect(sections[0]).toContain('nudge_done');
    expect(sections[1]).toContain('U_M3');
    expect(sections[1]).toContain('Done. Nice work.');
    expect(await t.sql.all('SELECT key, response FROM nudge_responses')).toEqual([{ key: dones[1]?.value?.split('|')[0], response: 'done' }]);
  });

  it('refuses a button on a nudge that was sent to someone else', async () => {
    await checkinOnWednesdays();
    await tick('2026-11-18T15:30:00Z');
    const key = buttons(lastDm().blocks).find((b) => b.action_id === 'nudge_done')!.value!;
    const reply = await press('nudge_done', key, 'U_M2');
    expect(reply.replace_original).toBe(false);
    expect(reply.text).toContain('sent to someone else');
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM nudge_responses')).toEqual({ n: 0 });
  });

  it('system-improvement buttons record at or below 20% for the local week', async () => {
    await t.commandReply('start');
    await tick('2026-11-26T15:30:00Z'); // Thu 26 Nov 16:30 Berlin, with the check-in
    const below = buttons(lastDm().blocks).find((b) => b.label === 'Below 20%')!;
    expect(below.action_id).toBe('nudge_improvement_below');
    const reply = await press(below.action_id!, below.value!);
    expect(blockText(reply.blocks)).toContain('Recorded: below 20% this week');
    expect(await t.sql.all('SELECT user_id, week_start, at_target FROM improvement_answers')).toEqual([{ user_id: 'U_MANAGER1', week_start: '2026-11-23', at_target: 0 }]);
    const at = buttons(lastDm().blocks).find((b) => b.label === 'At 20% or more')!;
    expect(at.action_id).toBe('nudge_improvement_at');
    await press(at.action_id!, at.value!);
    expect(await t.sql.all('SELECT at_target FROM improvement_answers')).toEqual([{ at_target: 1 }]);
    // A message sent before each button had its own action_id still works.
    await press('nudge_improvement', below.value!);
    expect(await t.sql.all('SELECT at_target FROM improvement_answers')).toEqual([{ at_target: 0 }]);
  });

  it('check-in buttons sent before the action_id split (all "nudge_checkin_quick") still log', async () => {
    await checkinOnWednesdays();
    await tick('2026-11-18T15:30:00Z');
    const people = buttons(lastDm().blocks).find((b) => b.action_id === 'nudge_checkin_quick_people')!;
    const payload = t.buttonPayload('nudge_checkin_quick', people.value!, { container: { type: 'message', message_ts: '1.1', channel_id: 'D1', is_ephemeral: false } });
    await t.interact(payload);
    const reply = await t.double.waitFor(() => t.double.responses.find((r) => r.id === payload.response_url.split('/').pop()));
    expect(blockText(reply.body.blocks)).toContain('Logged 30m People; 30m logged for this day.');
    expect(await t.sql.all('SELECT category, minutes FROM time_entries')).toEqual([{ category: 'people', minutes: 30 }]);
    // A check-in is an action of its own on the log: /lead undo takes it back like a /lead log.
    const undo = await t.commandReply('undo');
    expect(String(undo.text)).toContain('people 30m');
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM time_entries')).toEqual({ n: 0 });
  });

  it('check-in category buttons log 30 minutes for that day once per click; "Log my day" opens the time-log modal', async () => {
    await checkinOnWednesdays();
    await tick('2026-11-18T15:30:00Z');
    const coding = buttons(lastDm().blocks).find((b) => b.action_id === 'nudge_checkin_quick_coding')!;
    expect(coding.value).toContain('"coding"');
    const payload = t.buttonPayload('nudge_checkin_quick_coding', coding.value!, { container: { type: 'message', message_ts: '1.1', channel_id: 'D1', is_ephemeral: false } });
    await t.interact(payload);
    await t.interact(payload); // Slack retrying the same click
    const reply = await t.double.waitFor(() => t.double.responses.find((r) => r.id === payload.response_url.split('/').pop()));
    expect(blockText(reply.body.blocks)).toContain('Logged 30m Coding; 30m logged for this day.');
    await new Promise((r) => setTimeout(r, 200));
    expect(await t.sql.all('SELECT category, minutes, local_date, source FROM time_entries')).toEqual([{ category: 'coding', minutes: 30, local_date: '2026-11-18', source: 'checkin' }]);

    const day = buttons(lastDm().blocks).find((b) => b.action_id === 'nudge_checkin_day')!;
    await t.interact(t.buttonPayload('nudge_checkin_day', day.value!));
    const open = await t.double.waitFor(() => t.double.callsTo('views.open')[0]);
    expect(JSON.stringify(open.params.view)).toContain('2026-11-18');
  });

  it('/lead enroll #channel: admins invite every human member (one DM each) and enrol nobody; others are refused', async () => {
    t.double.channelMembers.set('C0NEW', ['U_ADMIN', 'U_M2', 'U_M3', 'U_BOT', 'U_GONE']);
    const refused = await t.commandReply('enroll <#C0NEW|new-managers>', { userId: 'U_MANAGER1' });
    expect(refused.text).toContain('Only workspace admins and owners');
    expect(await t.sql.all('SELECT user_id FROM managers ORDER BY user_id')).toEqual([{ user_id: 'U_MANAGER1' }]);

    const bad = await t.commandReply('enroll new-managers', { userId: 'U_ADMIN' });
    expect(blockText(bad.blocks)).toContain('is not a channel');
    const missing = await t.commandReply('enroll <#C0NOPE|nope>', { userId: 'U_ADMIN' });
    expect(blockText(missing.blocks)).toContain('invite lead-coach to the channel first');

    const ok = await t.commandReply('enroll <#C0NEW|new-managers>', { userId: 'U_ADMIN' });
    expect(ok.text).toContain('Invited *3* members of <#C0NEW>');
    expect(ok.text).toContain('0 already coaching. 2 skipped (2 bots or deactivated accounts, 0 invited before).');
    // Only the two who typed /lead have a record, and neither is coached.
    expect(await t.sql.all('SELECT user_id, coaching_started_at FROM managers ORDER BY user_id')).toEqual([
      { user_id: 'U_ADMIN', coaching_started_at: null },
      { user_id: 'U_MANAGER1', coaching_started_at: null },
    ]);
    expect(t.double.succeeded('chat.postMessage').map((c) => c.params.channel).sort()).toEqual(['U_ADMIN', 'U_M2', 'U_M3']);
  });

  it('the App Home shows the nudge settings; "Start coaching" turns nudges back on for someone Slack could not reach', async () => {
    await t.commandReply('start');
    await t.event({ type: 'app_home_opened', user: 'U_MANAGER1', channel: 'D1', tab: 'home' });
    const published = await t.double.waitFor(() => t.double.callsTo('views.publish')[0]);
    expect(JSON.stringify(published.params.view)).toContain('Your nudges');
    expect(JSON.stringify(published.params.view)).toContain('Next: Thu 19 Nov, 16:30');

    await t.sql.run("UPDATE managers SET unreachable_reason = 'messages_tab_disabled', unreachable_at = '2026-11-17T00:00:00Z'");
    await tick('2026-11-18T15:30:00Z');
    expect(nudgeDms()).toHaveLength(0);
    const start = t.buttonPayload('nudges_start_coaching', JSON.stringify({ home: true }), { container: { type: 'view', view_id: 'V1' } });
    await t.interact(start);
    await t.double.waitFor(() => t.double.callsTo('views.publish')[1]);
    expect(await t.sql.get('SELECT unreachable_reason, nudges_enabled FROM managers')).toEqual({ unreachable_reason: null, nudges_enabled: 1 });
    await tick('2026-11-19T15:30:00Z');
    expect(checkins()).toHaveLength(1);
  });
});
