// @engines sqlite postgres
import { createAwayChecker, statusSaysAway } from '../../src/features/nudges/away';
import { nudgesJob, type NudgeJobReport } from '../../src/features/nudges/job';
import { parseTimeOfDay } from '../../src/features/nudges/rules/parse';
import { startTestApp, type TestApp } from '../support/harness';
import { FAST } from './support';

type Element = { action_id?: string; value?: string; text?: { text: string } | string };
type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Element[]; accessory?: Element };

const ME = 'U_MANAGER1';

describe('nudge cadence: own times and days, holidays, away, back-off', () => {
  let t: TestApp;
  // One job for the whole test, as in the running app: its away look-ups are cached between ticks.
  let job: ReturnType<typeof nudgesJob>;

  beforeEach(async () => {
    // Wednesday 18 Nov 2026, 10:00 UTC = 11:00 in Berlin.
    t = await startTestApp({
      now: '2026-11-18T10:00:00Z',
      users: [
        { id: ME, tz: 'Europe/Berlin' },
        { id: 'U_ADMIN', tz: 'Europe/Berlin', is_admin: true },
      ],
    });
    job = nudgesJob(FAST, createAwayChecker());
    // Nudges go only to someone who started coaching; the welcome DM that sends is left out of dms().
    await t.commandReply('start');
  });
  afterEach(async () => {
    await t.stop();
  });

  async function tick(at: string): Promise<NudgeJobReport> {
    t.clock.set(at);
    return (await job.run(new Date(at), { ...t.app.deps, client: t.app.bolt.client })) as NudgeJobReport;
  }

  const dms = (userId = ME) =>
    t.double.succeeded('chat.postMessage').filter((c) => c.params.channel === userId && !String(c.params.text).startsWith('Welcome to lead-coach'));
  const blockText = (blocks: unknown): string => JSON.stringify(blocks);
  const lastBlocks = (): Block[] => (dms().at(-1)?.params.blocks ?? []) as Block[];
  const buttonsOf = (blocks: Block[]): Element[] => blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).filter((e) => e.action_id);

  async function press(actionId: string, value: string) {
    const payload = t.buttonPayload(actionId, value, { userId: ME, channelId: `D_${ME}`, container: { type: 'message', message_ts: '1.1', channel_id: `D_${ME}`, is_ephemeral: false } });
    const seen = t.double.responses.length;
    expect((await t.interact(payload)).status).toBe(200);
    const id = payload.response_url.split('/').pop();
    return (await t.double.waitFor(() => t.double.responses.slice(seen).find((r) => r.id === id))).body;
  }

  it('reads times as people write them', () => {
    expect(['17:30', '5:30pm', '5:30 PM', '9am', '9', '0930', '12am', '12pm'].map(parseTimeOfDay)).toEqual(['17:30', '17:30', '17:30', '09:00', '09:00', '09:30', '00:00', '12:00']);
    expect(['25:00', '13pm', '0am', '9:75', 'noonish', ''].map(parseTimeOfDay)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('/lead nudges time and day move a nudge; /lead nudges shows it, and the job follows it', async () => {
    const time = await t.commandReply('nudges time time-checkin 5:30pm');
    expect(time.response_type).toBe('ephemeral');
    expect(time.text).toBe(':white_check_mark: Time check-in now comes at 17:30.');
    expect(blockText(time.blocks)).toContain('*Time check-in* · Tuesdays and Thursdays at 17:30, unless that day is already logged');
    const day = await t.commandReply('nudges day no-code-block tue');
    expect(day.text).toBe(':white_check_mark: No-code block now comes Tuesdays at 09:00.');
    const both = await t.commandReply('nudges day time-checkin mon,wed');
    expect(both.text).toContain('Mondays and Wednesdays at 17:30');
    expect(await t.sql.all('SELECT nudge_id, local_time, weekdays FROM nudge_schedules ORDER BY nudge_id')).toEqual([
      { nudge_id: 'no-code-block', local_time: null, weekdays: '2' },
      { nudge_id: 'time-checkin', local_time: '17:30', weekdays: '1,3' },
    ]);
    const shown = blockText((await t.commandReply('nudges')).blocks);
    expect(shown).toContain('*No-code block* · Tuesdays at 09:00\\nNext: Tue 24 Nov, 09:00');

    await tick('2026-11-18T15:30:00Z'); // Wed 16:30 Berlin: the old time, nothing
    expect(dms()).toHaveLength(0);
    await tick('2026-11-18T16:30:00Z'); // Wed 17:30 Berlin
    expect(dms()).toHaveLength(1);
    expect(blockText(lastBlocks())).toContain('You get this on Mondays and Wednesdays at 17:30, unless that day is already logged · `/lead nudges` to change or stop');
    await tick('2026-11-23T08:00:00Z'); // Monday 09:00: the no-code block moved to Tuesday; the first-week README stays
    expect(dms()).toHaveLength(2);
    expect(String(dms().at(-1)?.params.text)).toMatch(/^Manager README: /);
    await tick('2026-11-24T08:00:00Z');
    expect(String(dms().at(-1)?.params.text)).toContain('no-code block');
  });

  it('the App Home offers the same: a modal with a time and day per nudge, saved as the manager’s own schedule', async () => {
    await t.commandReply('help');
    await t.event({ type: 'app_home_opened', user: ME, channel: 'D1', tab: 'home' });
    const home = await t.double.waitFor(() => t.double.callsTo('views.publish')[0]);
    const homeBlocks = (home.params.view as { blocks: Block[] }).blocks;
    expect(homeBlocks.length).toBeLessThanOrEqual(100);
    const edit = buttonsOf(homeBlocks).find((b) => b.action_id === 'nudges_edit_schedule');
    expect(edit).toBeDefined();
    await t.interact(t.buttonPayload('nudges_edit_schedule', edit?.value ?? '', { userId: ME, container: { type: 'view', view_id: 'V1' } }));
    const opened = await t.double.waitFor(() => t.double.callsTo('views.open')[0]);
    type Input = { type: string; block_id?: string; label?: { text: string }; element?: { type: string; action_id: string; initial_time?: string; initial_option?: { value: string }; initial_options?: Array<{ value: string }> } };
    const modal = opened.params.view as { callback_id: string; blocks: Input[] };
    const inputs = modal.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.label?.text)).toContain('Time check-in: days');
    expect(inputs.find((b) => b.block_id === 'nudge_day_time-checkin')?.element?.initial_options?.map((o) => o.value)).toEqual(['2', '4']);
    // The manager moves the check-in to 17:00 on Wednesdays and leaves everything else as it was.
    const state: Record<string, Record<string, unknown>> = {};
    for (const b of inputs) {
      const el = b.element;
      if (!b.block_id || !el) continue;
      if (el.type === 'timepicker') state[b.block_id] = { [el.action_id]: { type: 'timepicker', selected_time: b.block_id === 'nudge_time_time-checkin' ? '17:00' : el.initial_time } };
      else if (el.type === 'multi_static_select') state[b.block_id] = { [el.action_id]: { type: 'multi_static_select', selected_options: [{ text: { type: 'plain_text', text: 'Wednesday' }, value: '3' }] } };
      else state[b.block_id] = { [el.action_id]: { type: 'static_select', selected_option: el.initial_option } };
    }
    const res = await t.interact({
      type: 'view_submission',
      team: { id: t.double.teamId, domain: 'example' },
      user: { id: ME, username: 'manager', team_id: t.double.teamId },
      api_app_id: 'A_LEADCOACH',
      token: 'legacy-verification-token',
      trigger_id: 'trigger-view',
      view: { id: 'V_SCHED', team_id: t.double.teamId, type: 'modal', callback_id: modal.callback_id, private_metadata: '', hash: 'h1', blocks: modal.blocks, state: { values: state }, title: { type: 'plain_text', text: 'Nudge times and days' }, app_id: 'A_LEADCOACH', bot_id: 'B0001' },
    });
    expect(res.status).toBe(200);
    await t.double.waitFor(() => t.double.callsTo('views.publish')[1]);
    expect(await t.sql.all('SELECT nudge_id, local_time, weekdays FROM nudge_schedules')).toEqual([{ nudge_id: 'time-checkin', local_time: '17:00', weekdays: '3' }]);
    expect(JSON.stringify(t.double.callsTo('views.publish')[1]?.params.view)).toContain('*Time check-in* · Wednesdays at 17:00');
  });

  it('a time outside working hours is kept and said to arrive at the edge of them', async () => {
    const late = await t.commandReply('nudges time no-code-block 21:00');
    expect(late.text).toContain('now comes at 21:00. That is outside your working hours (09:00–18:00), so it arrives at 17:30.');
  });

  it.each([
    ['nudges time time-checkin 25:00', '`25:00` is not a time of day: write it like `17:30`, `5:30pm` or `9am`.', '/lead nudges time time-checkin 17:30'],
    ['nudges time tme-checkin 17:30', '`tme-checkin` is not a nudge; did you mean `time-checkin`?', '/lead nudges time time-checkin 17:30'],
    ['nudges time time-checkin', 'Say the new time for Time check-in.', '/lead nudges time time-checkin 17:30'],
    ['nudges time one-on-one-prep 9am', 'The 1:1 prep follows your 1:1s', '/lead nudges time time-checkin 17:30'],
    ['nudges day no-code-block funday', '`funday` is not a day', '/lead nudges day no-code-block tue'],
    ['nudges day no-code-block tue,thu', 'No-code block comes on one day; pick one', '/lead nudges day no-code-block tue'],
    ['nudges off no-cod-block', '`no-cod-block` is not a nudge; did you mean `no-code-block`?', '/lead nudges off time-checkin'],
    ['holidays add 2026-11-01 All Saints', '2026-11-01 is in the past', '/lead holidays add 2026-12-25 Christmas'],
    ['holidays add 2028-12-25 Christmas', 'more than a year away', '/lead holidays add 2026-12-25 Christmas'],
    ['holidays add 2026-12-32 Christmas', '`2026-12-32` is not a date', '/lead holidays add 2026-12-25 Christmas'],
    ['holidays add 2026-12-25', 'Give the holiday a name', '/lead holidays add 2026-12-25 Christmas'],
    ['holidays remove christmas', '`christmas` is not a date', '/lead holidays remove 2026-12-25'],
    ['holidays frob', '`frob` is not a holidays command', '/lead holidays add 2026-12-25 Christmas'],
    ['pause 400d', 'longer than the 90-day maximum', '/lead pause 3d'],
  ])('`/lead %s` answers ephemerally with the problem and a correct example, and changes nothing', async (text, problem, example) => {
    await t.commandReply('help');
    const reply = await t.commandReply(text, { userId: text.startsWith('holidays') ? 'U_ADMIN' : ME });
    expect(reply.response_type).toBe('ephemeral');
    expect(blockText(reply.blocks)).toContain(problem);
    expect(blockText(reply.blocks)).toContain(`Nothing was changed. Example: \`${example}\``);
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM nudge_schedules')).toEqual({ n: 0 });
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM workspace_holidays')).toEqual({ n: 0 });
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM nudge_opt_outs')).toEqual({ n: 0 });
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM managers WHERE paused_until IS NOT NULL')).toEqual({ n: 0 });
  });

  it('admins add, list and remove workspace holidays; nothing is sent on them and a weekly nudge moves to the next day', async () => {
    const refused = await t.commandReply('holidays add 2026-11-23 Founders day', { userId: ME });
    expect(refused.text).toContain('Only workspace admins and owners');
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM workspace_holidays')).toEqual({ n: 0 });

    const added = await t.commandReply('holidays add 2026-11-23 Founders day', { userId: 'U_ADMIN' });
    expect(added.text).toContain('Mon 23 Nov 2026 is a workspace holiday (`Founders day`)');
    await t.commandReply('holidays add 2026-11-24 Bridge day', { userId: 'U_ADMIN' });
    expect((await t.commandReply('holidays add 2026-11-24 Again', { userId: 'U_ADMIN' })).text).toContain('already a workspace holiday; nothing changed');
    const list = await t.commandReply('holidays list', { userId: ME });
    expect(list.text).toContain('Mon 23 Nov 2026: `Founders day`');
    expect(list.text).toContain('Tue 24 Nov 2026: `Bridge day`');

    await tick('2026-11-23T08:00:00Z'); // Monday 09:00, a holiday
    await tick('2026-11-24T15:30:00Z'); // Tuesday check-in, a holiday: skipped
    expect(dms()).toHaveLength(0);
    await tick('2026-11-25T08:00:00Z'); // Wednesday 09:00: the week's no-code block
    expect(dms().map((c) => String(c.params.text))).toEqual([expect.stringContaining('no-code block')]);

    expect((await t.commandReply('holidays remove 2026-11-24', { userId: 'U_ADMIN' })).text).toContain('no longer a workspace holiday');
    expect(await t.sql.all('SELECT date FROM workspace_holidays')).toEqual([{ date: '2026-11-23' }]);
  });

  it('holds nudges while Slack says the manager is away, and sends them at the next working moment; a failing look-up sends as usual', async () => {
    await t.commandReply('help');
    // On vacation until Wednesday 25 Nov 12:00 UTC.
    t.double.addUser({ id: ME, tz: 'Europe/Berlin', status_emoji: ':palm_tree:', status_text: 'Vacation', status_expiration: Date.parse('2026-11-25T12:00:00Z') / 1000 });
    const monday = await tick('2026-11-23T08:00:00Z'); // no-code block + first-week README
    expect(monday.deferred).toBe(2);
    expect(monday.lines[0]).toMatch(/^deferred no-code-block to U_MANAGER1 .* until 2026-11-25T12:00:00.000Z: Slack status :palm_tree: Vacation$/);
    expect(dms()).toHaveLength(0);
    // Tuesday's check-in: the cached answer (15 minutes) is stale, so Slack is asked again; still away.
    await tick('2026-11-24T15:30:00Z');
    expect(dms()).toHaveLength(0);
    t.double.addUser({ id: ME, tz: 'Europe/Berlin' });
    const back = await tick('2026-11-25T12:00:00Z');
    // Monday's two nudges and Tuesday's check-in, held until the same moment, come back as one DM.
    expect(back.sent).toBe(1);
    expect(dms()).toHaveLength(1);
    const together = blockText(dms()[0]?.params.blocks);
    expect(together).toContain('this waited while you were away');
    for (const nudge of ['no-code-block', 'manager-readme', 'time-checkin']) expect(together).toContain(nudge);
    // And only once: the next ticks send nothing more.
    expect((await tick('2026-11-25T12:01:00Z')).sent).toBe(0);
    expect((await tick('2026-11-25T13:00:00Z')).sent).toBe(0);

    // Notifications paused for the next 30 minutes: the Thursday DM waits until they are back on.
    t.double.addUser({ id: ME, tz: 'Europe/Berlin', snooze_endtime: Date.parse('2026-11-26T16:00:00Z') / 1000 });
    const paused = await tick('2026-11-26T15:30:00Z');
    expect(paused.deferred).toBe(2);
    expect(paused.lines[0]).toContain('until 2026-11-26T16:00:00.000Z: notifications paused');
    t.double.addUser({ id: ME, tz: 'Europe/Berlin' });
    expect((await tick('2026-11-26T16:00:00Z')).sent).toBe(1);
    expect(dms()).toHaveLength(2);

    // Slack failing: the nudge goes out as usual.
    t.double.always('users.profile.get', { ok: false, error: 'internal_error' });
    expect((await tick('2026-11-30T08:00:00Z')).sent).toBe(1);
    expect(t.logs.lines.some((l) => l.msg === 'away look-up failed; nudge sent as usual')).toBe(true);
  });

  it('holds nudges again when the manager is still away at the moment they were held for, and sends them once on return', async () => {
    await t.commandReply('help');
    t.double.addUser({ id: ME, tz: 'Europe/Berlin', status_emoji: ':palm_tree:', status_text: 'Vacation', status_expiration: Date.parse('2026-11-25T12:00:00Z') / 1000 });
    expect((await tick('2026-11-23T08:00:00Z')).deferred).toBe(2);
    // The vacation was extended: at 12:00 on Wednesday the status still says away, now until Thursday 09:00 UTC.
    t.double.addUser({ id: ME, tz: 'Europe/Berlin', status_emoji: ':palm_tree:', status_text: 'Vacation', status_expiration: Date.parse('2026-11-26T09:00:00Z') / 1000 });
    const again = await tick('2026-11-25T12:00:00Z');
    expect(again.sent).toBe(0);
    expect(again.deferred).toBe(2);
    t.double.addUser({ id: ME, tz: 'Europe/Berlin' });
    for (const at of ['2026-11-25T12:01:00Z', '2026-11-25T15:00:00Z', '2026-11-26T09:00:00Z', '2026-11-26T09:01:00Z', '2026-11-26T12:00:00Z']) await tick(at);
    const withNoCode = dms().filter((c) => blockText(c.params.blocks).includes('no-code-block'));
    expect(withNoCode).toHaveLength(1);
    expect(blockText(withNoCode[0]?.params.blocks)).toContain('manager-readme');
  });

  it('caches away look-ups for 15 minutes per manager', async () => {
    await t.commandReply('help');
    await t.app.deps.repos.nudgeSettings.setOverride(ME, 'no-code-block', { time: '09:00' }, t.clock.now());
    await t.app.deps.repos.nudgeSettings.setOverride(ME, 'system-improvement', { weekdays: [1], time: '09:10' }, t.clock.now());
    await tick('2026-11-23T08:00:00Z');
    await tick('2026-11-23T08:10:00Z');
    expect(dms()).toHaveLength(2);
    expect(t.double.callsTo('users.profile.get')).toHaveLength(1);
    expect(t.double.callsTo('dnd.info')).toHaveLength(1);
    expect(['OOO until Monday', 'out of office', 'Sick', 'on PTO', 'Holiday in Spain'].every((s) => statusSaysAway(s, ''))).toBe(true);
    expect(statusSaysAway('In a meeting', ':calendar:')).toBe(false);
    expect(statusSaysAway('', ':face_with_thermometer:')).toBe(true);
  });

  it('backs off after three ignored in a row, asks keep / less often / stop, and any press restores it', async () => {
    await t.commandReply('help');
    // Three Mondays ignored.
    for (const at of ['2026-11-23T08:00:00Z', '2026-11-30T08:00:00Z', '2026-12-07T08:00:00Z']) await tick(at);
    const mondays = () => dms().filter((c) => String(c.params.text).includes('no-code block'));
    expect(mondays()).toHaveLength(3);
    // Now every two weeks: 14 Dec comes, with the question; 21 Dec is skipped.
    await tick('2026-12-14T08:00:00Z');
    expect(mondays()).toHaveLength(4);
    const asked = lastBlocks();
    const skipped = await tick('2026-12-21T08:00:00Z');
    expect(skipped.lines).toContainEqual(expect.stringContaining('skipped no-code-block to U_MANAGER1 (due 2026-12-21 09:00 Europe/Berlin): comes every two weeks now'));
    expect(mondays()).toHaveLength(4);
    expect(blockText(asked)).toContain('You have not used the last three of these, so from now on it comes every two weeks. Keep it as it was, less often, or stop it?');
    const labels = buttonsOf(asked).filter((b) => b.action_id?.startsWith('nudge_cadence_')).map((b) => (typeof b.text === 'string' ? b.text : b.text?.text));
    expect(labels).toEqual(['Keep as it was', 'Less often', 'Stop it']);
    expect(blockText((await t.commandReply('nudges')).blocks)).toContain('*No-code block* · Mondays at 09:00 (less often: every other time)');

    const keep = buttonsOf(asked).find((b) => b.action_id === 'nudge_cadence_keep');
    const kept = await press('nudge_cadence_keep', keep?.value ?? '');
    expect(blockText(kept.blocks)).toContain('Kept: it comes as often as before.');
    expect(await t.sql.get("SELECT ignored_in_row, less_often, ask_pending FROM nudge_cadence WHERE nudge_id = 'no-code-block'")).toEqual({ ignored_in_row: 0, less_often: 'no', ask_pending: 0 });
    await tick('2026-12-28T08:00:00Z');
    expect(mondays()).toHaveLength(5);

    const stop = buttonsOf(lastBlocks()).find((b) => b.action_id === 'nudge_done');
    await press('nudge_done', stop?.value ?? '');
    const again = await t.commandReply('nudges');
    expect(blockText(again.blocks)).not.toContain('less often');
  });

  it('Done on a check-in means no more check-ins that week; "Stop it" turns the nudge off', async () => {
    await t.commandReply('help');
    await tick('2026-11-24T15:30:00Z'); // Tuesday check-in
    const done = buttonsOf(lastBlocks()).find((b) => b.action_id === 'nudge_done');
    await press('nudge_done', done?.value ?? '');
    const thursday = await tick('2026-11-26T15:30:00Z');
    expect(thursday.lines).toContainEqual(expect.stringContaining('skipped time-checkin to U_MANAGER1 (due 2026-11-26 16:30 Europe/Berlin): marked Done this week'));
    // The 20% question still comes, alone.
    expect(String(dms().at(-1)?.params.text)).toMatch(/^20% system improvement: /);
    const stop = await press('nudge_cadence_stop', String(buttonsOf(lastBlocks()).find((b) => b.action_id === 'nudge_done')?.value));
    expect(blockText(stop.blocks)).toContain('is stopped. Turn it back on with `/lead nudges`.');
    expect(await t.sql.all('SELECT nudge_id FROM nudge_opt_outs')).toEqual([{ nudge_id: 'system-improvement' }]);
  });
});
