// @engines sqlite postgres
import { calendarRefreshJob, type CalendarJobReport } from '../../src/features/calendar/job';
import { shownText } from '../timelog/helpers';
import { fixture } from './feedServer';
import { calendarWorld, MANAGER, rows, type CalendarWorld } from './support';

const FEED = '/cal/mine/private-feedfeedfeedfeed/basic.ics';
const LINKED_AT = '2026-11-18T10:00:00Z';
const HOUR = 3600_000;

function later(ms: number): string {
  return new Date(new Date(LINKED_AT).getTime() + ms).toISOString();
}

describe('the calendar refresh job', () => {
  let w: CalendarWorld;
  beforeEach(async () => {
    w = await calendarWorld({ now: LINKED_AT });
    w.feeds.serve(FEED, fixture('team.ics'));
    const reply = await w.t.commandReply(`calendar ${w.feeds.origin}${FEED}`);
    expect(shownText(reply)).toContain('Linked your calendar');
  });
  afterEach(async () => {
    await w.stop();
  });

  async function tick(at: string): Promise<CalendarJobReport> {
    w.t.clock.set(at);
    const job = calendarRefreshJob({ delivery: { backoffMs: 5, maxAttempts: 1 } });
    return job.run(new Date(at), { ...w.t.app.deps, client: w.t.app.bolt.client }) as Promise<CalendarJobReport>;
  }

  function dms(): string[] {
    return w.t.double.succeeded('chat.postMessage').filter((c) => c.params.channel === MANAGER).map((c) => String(c.params.text));
  }

  it('reads a working feed again after an hour, not before, and picks up changes', async () => {
    expect((await tick(later(10 * 60_000))).read).toBe(0);
    w.feeds.serve(FEED, fixture('team.ics').replace('SUMMARY:Architecture review', 'SUMMARY:Incident: architecture fire'));
    const report = await tick(later(HOUR));
    expect(report.read).toBe(1);
    const wednesday = (await rows(w.t.sql, 'calendar_days')).find((d) => d.local_date === '2026-11-18');
    expect(JSON.parse(String(wednesday?.minutes))).toMatchObject({ firefighting: 90, meetings: 0 });
  });

  it('retries a failing feed with backoff and tells the manager once, not every hour', async () => {
    w.feeds.failWith(FEED, 503);
    const at = [HOUR, HOUR + 15 * 60_000, HOUR + 45 * 60_000];
    for (const ms of at) expect((await tick(later(ms))).failed).toBe(1);
    // Backoff: the next read is not due 10 minutes after the third failure.
    expect((await tick(later(HOUR + 55 * 60_000))).failed).toBe(0);
    const told = dms().filter((t) => t.includes('not been able to read your calendar'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('HTTP 503');
    expect(told[0]).not.toContain('private-feedfeed');
    // Still failing hours later: tried less often, never told again.
    for (let h = 3; h <= 12; h++) await tick(later(h * HOUR));
    expect(dms().filter((t) => t.includes('not been able to read your calendar'))).toHaveLength(1);
    const [link] = await rows(w.t.sql, 'calendar_links');
    expect(Number(link?.failures)).toBeLessThan(10);
    // It works again: failures are cleared; a later run of failures is told about once more.
    w.feeds.failWith(FEED, undefined);
    await tick(later(40 * HOUR));
    expect((await rows(w.t.sql, 'calendar_links'))[0]).toMatchObject({ failures: 0, failing_since: null });
    w.feeds.failWith(FEED, 500);
    for (const h of [41, 41.25, 41.75, 42.5]) await tick(later(h * HOUR));
    expect(dms().filter((t) => t.includes('not been able to read your calendar'))).toHaveLength(2);
    expect(w.t.logs.raw.join('\n')).not.toContain('private-feedfeed');
  });

  it('offers a recurring 1:1 once; picking the person registers it, and a moved series moves it', async () => {
    await tick(later(HOUR));
    await tick(later(2 * HOUR));
    const offers = w.t.double.succeeded('chat.postMessage').filter((c) => String(c.params.text).includes('Your calendar has a 1:1'));
    expect(offers).toHaveLength(1);
    expect(String(offers[0]?.params.text)).toContain('Mondays at 10:00');
    const [found] = await rows(w.t.sql, 'calendar_one_on_ones');
    const payload = w.t.buttonPayload('calendar_one_on_one_who', '');
    payload.actions = [{ type: 'users_select', action_id: 'calendar_one_on_one_who', block_id: `calendar_1on1_${String(found?.series_uid)}`, selected_user: 'U_REPORT', action_ts: '1' }];
    await w.t.interact(payload);
    const answer = await w.t.double.waitFor(() => w.t.double.responses.find((r) => r.id === payload.response_url.split('/').pop()));
    expect(shownText(answer.body)).toContain('1:1 with <@U_REPORT>');
    const registry = await w.t.sql.all('SELECT weekday, local_time, cadence, anchor_date FROM one_on_ones WHERE manager_id = ?', [MANAGER]);
    expect(registry).toEqual([{ weekday: 1, local_time: '10:00', cadence: 'weekly', anchor_date: '2026-11-23' }]);
    // The series moves to Tuesdays 11:00 in the calendar: the registry (and so the prep nudge) follows.
    w.feeds.serve(FEED, fixture('team.ics').replace(/20261005T100000/, '20261006T110000').replace(/20261005T103000/, '20261006T113000').replace('BYDAY=MO', 'BYDAY=TU'));
    await tick(later(3 * HOUR));
    expect(await w.t.sql.all('SELECT weekday, local_time FROM one_on_ones WHERE manager_id = ?', [MANAGER])).toEqual([{ weekday: 2, local_time: '11:00' }]);
  });

  it('does nothing without LEAD_COACH_SECRET_KEY', async () => {
    const withoutKey = { ...w.t.app.deps, config: { ...w.t.app.deps.config, secretKey: undefined }, client: w.t.app.bolt.client };
    const report = await calendarRefreshJob().run(new Date(later(2 * HOUR)), withoutKey);
    expect(report.lines).toEqual([]);
  });
});
