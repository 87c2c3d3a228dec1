// @engines sqlite postgres
import { nudgesJob } from '../../src/features/nudges/job';
import { weeklySummaryJob } from '../../src/features/summaries/job';
import { calendarRefreshJob } from '../../src/features/calendar/job';
import { shownText, type Block, type EntryRow } from '../timelog/helpers';
import { fixture } from './feedServer';
import { calendarWorld, MANAGER, type CalendarWorld } from './support';

const FEED = '/cal/mine/private-c0ffeec0ffeec0ffee/basic.ics';

/** The calendar in the product: the check-in's offer, the no-code nudge, the weekly summary. */
describe('what the calendar changes in the coaching', () => {
  let w: CalendarWorld;

  async function start(at: string): Promise<void> {
    w = await calendarWorld({ now: at });
    w.feeds.serve(FEED, fixture('team.ics'));
    expect(shownText(await w.t.commandReply(`calendar ${w.feeds.origin}${FEED}`))).toContain('Linked your calendar');
    await w.t.app.deps.repos.managers.startCoaching(MANAGER, new Date(at));
    await w.t.app.deps.repos.managers.refreshSlackTimeZone(MANAGER, 'Europe/Berlin', new Date('2030-01-01T00:00:00Z'));
  }

  afterEach(async () => {
    await w.stop();
  });

  /** The manager's time entries as stored, read through the app's database on this run's engine. */
  function entries(): Promise<EntryRow[]> {
    return w.t.sql.all<EntryRow>('SELECT * FROM time_entries WHERE user_id = ? ORDER BY id', [MANAGER]);
  }

  function ctx(at: string) {
    w.t.clock.set(at);
    return { ...w.t.app.deps, client: w.t.app.bolt.client };
  }

  function dmsTo(): Array<{ text: string; blocks: Block[] }> {
    return w.t.double
      .succeeded('chat.postMessage')
      .filter((c) => c.params.channel === MANAGER)
      .map((c) => ({ text: String(c.params.text), blocks: (typeof c.params.blocks === 'string' ? JSON.parse(c.params.blocks) : c.params.blocks) as Block[] }));
  }

  async function press(actionId: string, value: string): Promise<string> {
    const payload = w.t.buttonPayload(actionId, value);
    await w.t.interact(payload);
    const id = payload.response_url.split('/').pop();
    const answer = await w.t.double.waitFor(() => w.t.double.responses.filter((r) => r.id === id).at(-1));
    return shownText(answer.body);
  }

  it('the 16:30 check-in offers the day from the calendar; Log it logs it once, marked, however often it is pressed or the feed changes', async () => {
    await start('2026-11-17T08:00:00Z'); // Tuesday, Berlin
    await nudgesJob({ backoffMs: 5 }).run(new Date('2026-11-17T15:30:00Z'), ctx('2026-11-17T15:30:00Z'));
    const checkIn = dmsTo().find((d) => shownText(d as unknown as Record<string, unknown>).includes('Your calendar says'));
    expect(checkIn).toBeDefined();
    expect(shownText(checkIn as unknown as Record<string, unknown>)).toContain('Your calendar says: people 30m, meetings 15m — log it?');

    expect(await press('calendar_log_day', '2026-11-17')).toContain('Logged Tue 17 Nov from your calendar: people 30m, meetings 15m');
    const logged = (await entries()).map((e) => [e.category, e.minutes, e.note]);
    expect(logged).toEqual([['people', 30, 'from your calendar'], ['meetings', 15, 'from your calendar']]);

    expect(await press('calendar_log_day', '2026-11-17')).toContain('already logged from your calendar');
    // The feed changes (a longer standup) and is read again: pressing the old offer adds nothing.
    w.feeds.serve(FEED, fixture('team.ics').replace('20261102T094500', '20261102T100000'));
    await calendarRefreshJob().run(new Date('2026-11-17T16:30:00Z'), ctx('2026-11-17T16:30:00Z'));
    expect(await press('calendar_log_day', '2026-11-17')).toContain('already logged');
    expect(await entries()).toHaveLength(2);

    // /lead undo takes the calendar's entries back; Log it then logs the day again (once).
    expect(shownText(await w.t.commandReply('undo', { userId: MANAGER }))).toMatch(/undid|Undid|removed|Removed/);
    expect(await entries()).toHaveLength(0);
    expect(await press('calendar_log_day', '2026-11-17')).toContain('Logged Tue 17 Nov from your calendar');
    expect(await entries()).toHaveLength(2);
    expect(await press('calendar_log_day', '2026-11-17')).toContain('already logged');
  });

  it('Edit first opens the day form with the calendar minutes in the fields', async () => {
    await start('2026-11-18T17:00:00Z');
    const payload = w.t.buttonPayload('calendar_edit_day', '2026-11-18');
    await w.t.interact(payload);
    const call = await w.t.double.waitFor(() => w.t.double.callsTo('views.open')[0]);
    const view = call.params.view as { callback_id: string; blocks: Block[] };
    expect(view.callback_id).toBe('time_log_modal');
    const field = (c: string) => view.blocks.find((b) => b.block_id?.startsWith(`time_log_${c}_`))?.element?.initial_value;
    expect([field('people'), field('strategy'), field('firefighting'), field('meetings'), field('coding')]).toEqual(['1h', '3h', '1h', '30m', undefined]);
    expect(await entries()).toEqual([]);
  });

  it('skips the Monday no-code nudge in a week with a focus block, and otherwise offers a recurring block as an .ics', async () => {
    await start('2026-11-16T07:00:00Z');
    await nudgesJob({ backoffMs: 5 }).run(new Date('2026-11-16T08:00:00Z'), ctx('2026-11-16T08:00:00Z'));
    expect(dmsTo().filter((d) => d.text.startsWith('No-code block'))).toEqual([]);

    // The next week has no focus block in the calendar.
    await nudgesJob({ backoffMs: 5 }).run(new Date('2026-11-23T08:00:00Z'), ctx('2026-11-23T08:00:00Z'));
    const nudge = dmsTo().find((d) => d.text.startsWith('No-code block'));
    expect(nudge).toBeDefined();
    expect(shownText(nudge as unknown as Record<string, unknown>)).toContain('no focus or no-code block this week');
    await w.t.interact(w.t.buttonPayload('calendar_no_code_ics', '2026-11-23'));
    const upload = await w.t.double.waitFor(() => w.t.double.uploads[0]);
    const ics = upload.bytes.toString('utf8');
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20261124T090000');
    expect(ics).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU,TH');
    const completed = await w.t.double.waitFor(() => w.t.double.callsTo('files.completeUploadExternal')[0]);
    expect(String(completed.params.initial_comment)).toContain('Tuesdays and Thursdays 09:00–11:00');
  });

  it('the weekly summary says how much of last week was meetings by the calendar, next to what was logged', async () => {
    await start('2026-11-16T07:00:00Z');
    await w.t.commandReply('log meetings 1h');
    await weeklySummaryJob({ delivery: { backoffMs: 5 } }).run(new Date('2026-11-23T08:00:00Z'), ctx('2026-11-23T08:00:00Z'));
    const summary = dmsTo().find((d) => d.text.startsWith('Your week'));
    expect(summary).toBeDefined();
    // Week 16–22 Nov: four standups (Wednesday's was cancelled) and the architecture review, of 7h in events.
    expect(shownText(summary as unknown as Record<string, unknown>)).toContain("Your calendar says *1h 30m* of last week's 7h in events were meetings (21%)");
    expect(shownText(summary as unknown as Record<string, unknown>)).toContain('you logged 1h of meetings');
  });
});
