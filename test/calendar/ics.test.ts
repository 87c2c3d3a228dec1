import { parseFeed, type FeedEvent } from '../../src/features/calendar/ics';
import { classifierFor, findOneOnOnes, summariseDays } from '../../src/features/calendar/rules';
import { fixture, hugeFeed } from './feedServer';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

function events(name: string, from: string, to: string, zone = BERLIN): FeedEvent[] {
  const parsed = parseFeed(fixture(name), { from: new Date(from), to: new Date(to) }, zone);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value.events;
}

function iso(list: FeedEvent[], title: RegExp): string[] {
  return list.filter((e) => title.test(e.title)).map((e) => e.start.toISOString());
}

describe('parsing iCal feeds', () => {
  it('expands a weekly series with an EXDATE and a moved occurrence (RECURRENCE-ID)', () => {
    const list = events('team.ics', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
    expect(iso(list, /Alex \/ Sam/)).toEqual([
      '2026-11-02T09:00:00.000Z', // Monday 10:00 Berlin
      // 9 Nov is excluded (EXDATE); 16 Nov moved to Tuesday 17 Nov 14:00
      '2026-11-17T13:00:00.000Z',
      '2026-11-23T09:00:00.000Z',
      '2026-11-30T09:00:00.000Z',
    ]);
  });

  it('leaves out a cancelled occurrence and a meeting the owner declined', () => {
    const list = events('team.ics', '2026-11-18T00:00:00Z', '2026-11-19T00:00:00Z');
    expect(iso(list, /standup/)).toEqual([]);
    expect(iso(list, /Vendor pitch/)).toEqual([]);
  });

  it('reads all-day events as whole local days, TZID in another zone, UTC and floating times', () => {
    const list = events('team.ics', '2026-11-18T00:00:00Z', '2026-11-20T00:00:00Z');
    const holiday = list.find((e) => e.title === 'Team holiday');
    expect(holiday).toMatchObject({ allDay: true, start: new Date('2026-11-18T23:00:00Z'), end: new Date('2026-11-19T23:00:00Z') });
    expect(iso(list, /Q1 planning/)).toEqual(['2026-11-18T11:00:00.000Z']); // 06:00 New York
    expect(iso(list, /Incident review/)).toEqual(['2026-11-18T15:00:00.000Z']);
    // Floating 11:00 is 11:00 wherever the manager is.
    expect(iso(list, /Interview/)).toEqual(['2026-11-18T10:00:00.000Z']);
    const inNewYork = events('team.ics', '2026-11-18T00:00:00Z', '2026-11-20T00:00:00Z', NEW_YORK);
    expect(iso(inNewYork, /Interview/)).toEqual(['2026-11-18T16:00:00.000Z']);
  });

  it('keeps the wall-clock time of a series across the autumn DST weeks in New York and Berlin', () => {
    const list = events('dst.ics', '2026-10-01T00:00:00Z', '2026-11-30T00:00:00Z');
    expect(iso(list, /New York team$/)).toEqual([
      '2026-10-19T14:00:00.000Z', '2026-10-26T14:00:00.000Z', // EDT, UTC-4 (Berlin already on CET on the 26th)
      '2026-11-02T15:00:00.000Z', '2026-11-09T15:00:00.000Z', // EST, UTC-5
    ]);
    expect(iso(list, /Sprint planning/)).toEqual(['2026-10-19T07:00:00.000Z', '2026-10-26T08:00:00.000Z', '2026-11-02T08:00:00.000Z']);
  });

  it('keeps the wall-clock time across the spring DST change (UNTIL ends the series)', () => {
    const list = events('dst.ics', '2026-02-20T00:00:00Z', '2026-04-30T00:00:00Z');
    expect(iso(list, /spring/)).toEqual([
      '2026-03-02T15:00:00.000Z', '2026-03-09T14:00:00.000Z', '2026-03-16T14:00:00.000Z', '2026-03-23T14:00:00.000Z', '2026-03-30T14:00:00.000Z',
    ]);
  });

  it('reads an Outlook feed whose zone is a Windows name defined by its VTIMEZONE, every other week', () => {
    const list = events('outlook.ics', '2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z');
    expect(list.map((e) => [e.start.toISOString(), e.recurrence])).toEqual([
      ['2026-11-04T08:00:00.000Z', 'biweekly'],
      ['2026-11-18T08:00:00.000Z', 'biweekly'],
    ]);
  });

  it.each([
    ['page.html', /web page \(HTML\)/],
    ['broken.ics', /broken lines/],
  ])('refuses %s with a sentence saying what is wrong', (name, problem) => {
    const parsed = parseFeed(fixture(name), { from: new Date('2026-11-01'), to: new Date('2026-12-01') }, BERLIN);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  it('refuses text that is not iCal', () => {
    const parsed = parseFeed('Hello, this is not a calendar.', { from: new Date('2026-11-01'), to: new Date('2026-12-01') }, BERLIN);
    expect(parsed).toEqual({ ok: false, problem: expect.stringMatching(/did not answer with an iCal feed/) });
  });

  it('parses a large feed in reasonable time', () => {
    const started = Date.now();
    const parsed = parseFeed(hugeFeed(), { from: new Date('2026-11-18'), to: new Date('2026-11-19') }, BERLIN);
    expect(parsed.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('what the calendar says about each day', () => {
  const classifier = classifierFor([]);
  const list = events('team.ics', '2026-11-16T00:00:00Z', '2026-11-23T00:00:00Z');
  const days = summariseDays(list, classifier, BERLIN, '2026-11-16', '2026-11-22');

  it('adds up a busy Wednesday by category, overlaps once, declined and cancelled as nothing', () => {
    const wednesday = days.find((d) => d.localDate === '2026-11-18');
    expect(wednesday).toEqual({
      localDate: '2026-11-18',
      // interview 1h (people); planning 1h + focus 2h (strategy); incident 1h; architecture review 30m;
      // the coffee chat inside the focus block adds nothing; the declined pitch and cancelled standup count as nothing.
      minutes: { coding: 0, people: 60, meetings: 30, strategy: 180, improvement: 0, firefighting: 60 },
      noCodeMinutes: 120,
      events: 6,
    });
  });

  it('counts the all-day holiday as an event and not as time', () => {
    expect(days.find((d) => d.localDate === '2026-11-19')).toMatchObject({ events: 2, minutes: expect.objectContaining({ meetings: 15, people: 0 }) });
  });

  it('counts the events of the week', () => {
    expect(days.reduce((n, d) => n + d.events, 0)).toBe(12);
  });

  it("the manager's own rule comes before the built-in ones", () => {
    const mine = classifierFor([{ phrase: 'architecture review', category: 'strategy' }]);
    const wednesday = summariseDays(list, mine, BERLIN, '2026-11-18', '2026-11-18')[0];
    expect(wednesday?.minutes.strategy).toBe(210);
    expect(wednesday?.minutes.meetings).toBe(0);
  });

  it('finds the recurring 1:1 at its next occurrence, not the interview or the standup', () => {
    const found = findOneOnOnes(events('team.ics', '2026-11-16T00:00:00Z', '2026-12-01T00:00:00Z'), classifier, BERLIN, new Date('2026-11-18T10:00:00Z'));
    expect(found).toEqual([{ seriesUid: expect.any(String), title: 'Alex / Sam', weekday: 1, time: '10:00', cadence: 'weekly', firstDate: '2026-11-23' }]);
  });
});
