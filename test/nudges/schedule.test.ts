import { NUDGE_IDS, type NudgeId } from '../../src/features/nudges/catalog';
import {
  clampToWorkingHours,
  firstMeetingDate,
  lateDecision,
  nextOccurrence,
  occurrencesBetween,
  snoozeUntil,
  suppression,
  type NudgeProfile,
  type OneOnOneSchedule,
} from '../../src/features/nudges/rules/schedule';

function profile(overrides: Partial<NudgeProfile> = {}): NudgeProfile {
  return {
    userId: 'U1',
    timeZone: 'Europe/Berlin',
    workingDays: [1, 2, 3, 4, 5],
    workStart: '09:00',
    workEnd: '18:00',
    enrolledAt: new Date('2026-10-01T00:00:00Z'),
    oneOnOnes: [],
    ...overrides,
  };
}

/** Occurrences in a UTC window, as "nudge@instant" strings. */
function due(p: NudgeProfile, from: string, to: string, only?: NudgeId): string[] {
  return occurrencesBetween(p, new Date(from), new Date(to))
    .filter((o) => !only || o.nudgeId === only)
    .map((o) => `${o.nudgeId}@${o.dueAt.toISOString()}`);
}

describe('default catalog at the manager’s local time (Europe/Berlin, CET in November)', () => {
  const p = profile();
  // Mon 16 Nov 2026 .. Sun 22 Nov 2026, Berlin is UTC+1.
  const week = due(p, '2026-11-15T23:00:00Z', '2026-11-22T23:00:00Z');

  it('no-code-block comes Monday 09:00, once a week', () => {
    expect(week.filter((w) => w.startsWith('no-code-block'))).toEqual(['no-code-block@2026-11-16T08:00:00.000Z']);
  });

  it('system-improvement comes Thursday 16:30, with the Thursday check-in', () => {
    expect(week.filter((w) => w.startsWith('system-improvement'))).toEqual(['system-improvement@2026-11-19T15:30:00.000Z']);
  });

  it('time-checkin comes Tuesday and Thursday at 16:30 and never on the weekend', () => {
    expect(week.filter((w) => w.startsWith('time-checkin'))).toEqual([
      'time-checkin@2026-11-17T15:30:00.000Z',
      'time-checkin@2026-11-19T15:30:00.000Z',
    ]);
  });

  it('impact-portfolio comes on the first Monday of the month at 09:00 (Mon 2 Nov; Mon 7 Dec)', () => {
    expect(due(p, '2026-10-31T00:00:00Z', '2026-12-31T00:00:00Z', 'impact-portfolio')).toEqual([
      'impact-portfolio@2026-11-02T08:00:00.000Z',
      'impact-portfolio@2026-12-07T08:00:00.000Z',
    ]);
  });

  it('manager-readme comes once, with the first Monday nudge after enrolment', () => {
    // Enrolled Friday 20 Nov 15:00 local → Monday 23 Nov 09:00.
    const fresh = profile({ enrolledAt: new Date('2026-11-20T14:00:00Z') });
    expect(due(fresh, '2026-11-20T14:00:00Z', '2026-12-20T00:00:00Z', 'manager-readme')).toEqual([
      'manager-readme@2026-11-23T08:00:00.000Z',
    ]);
    // Enrolled Monday 08:00 local: the same day at 09:00.
    const early = profile({ enrolledAt: new Date('2026-11-16T07:00:00Z') });
    expect(due(early, '2026-11-16T07:00:00Z', '2026-12-20T00:00:00Z', 'manager-readme')).toEqual([
      'manager-readme@2026-11-16T08:00:00.000Z',
    ]);
  });

  it('follows the manager’s own time and days, and skips workspace holidays', () => {
    const own = profile({
      overrides: new Map([
        ['time-checkin', { time: '17:30', weekdays: [1, 3] }],
        ['no-code-block', { weekdays: [2] }],
      ]),
      holidays: new Set(['2026-11-18']),
    });
    const ownWeek = due(own, '2026-11-15T23:00:00Z', '2026-11-22T23:00:00Z');
    expect(ownWeek.filter((w) => w.startsWith('time-checkin'))).toEqual(['time-checkin@2026-11-16T16:30:00.000Z']); // Wed 18 is a holiday
    expect(ownWeek.filter((w) => w.startsWith('no-code-block'))).toEqual(['no-code-block@2026-11-17T08:00:00.000Z']);
    // A weekly nudge whose day is a holiday moves to the next working day of that week.
    const holidayMonday = profile({ holidays: new Set(['2026-11-16']) });
    expect(due(holidayMonday, '2026-11-15T23:00:00Z', '2026-11-22T23:00:00Z', 'no-code-block')).toEqual(['no-code-block@2026-11-17T08:00:00.000Z']);
  });

  it('gives every occurrence a key naming manager, nudge and period, unique across a month', () => {
    const all = occurrencesBetween(p, new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(new Set(all.map((o) => o.key)).size).toBe(all.length);
    expect(all.find((o) => o.nudgeId === 'no-code-block')?.key).toBe('nudge:no-code-block:U1:2026-11-02');
    expect(all.find((o) => o.nudgeId === 'impact-portfolio')?.key).toBe('nudge:impact-portfolio:U1:2026-11');
  });
});

describe('quiet hours and weekends', () => {
  it('moves a nudge set before the working day to its start, and one set after its end to 30 minutes before it', () => {
    const p = profile({ workStart: '10:00', workEnd: '16:00' });
    expect(due(p, '2026-11-15T23:00:00Z', '2026-11-17T23:00:00Z')).toEqual([
      'no-code-block@2026-11-16T09:00:00.000Z', // 10:00 local, not 09:00
      'time-checkin@2026-11-17T14:30:00.000Z', // 15:30 local, not 16:30
    ]);
    expect(clampToWorkingHours(p, '16:30')).toBe('15:30');
    expect(clampToWorkingHours(p, '07:00')).toBe('10:00');
  });

  it('sends nothing on days off; a weekly nudge moves to the first working day after its usual day', () => {
    const p = profile({ workingDays: [2, 3, 4, 5, 6] }); // Tuesday to Saturday
    const week = due(p, '2026-11-15T23:00:00Z', '2026-11-22T23:00:00Z');
    expect(week.filter((w) => w.includes('2026-11-16T'))).toEqual([]); // Monday off
    expect(week.filter((w) => w.startsWith('no-code-block'))).toEqual(['no-code-block@2026-11-17T08:00:00.000Z']);
    expect(week.filter((w) => w.startsWith('time-checkin'))).toHaveLength(2);
    expect(week.some((w) => w.includes('2026-11-22T'))).toBe(false); // Sunday off
  });
});

describe('three zones across a daylight-saving change', () => {
  it('America/New_York: Monday 09:00 is 14:00Z before the March change and 13:00Z after it', () => {
    const p = profile({ timeZone: 'America/New_York' });
    expect(due(p, '2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z', 'no-code-block')).toEqual([
      'no-code-block@2026-03-02T14:00:00.000Z',
      'no-code-block@2026-03-09T13:00:00.000Z',
    ]);
    // The change happens on Sunday 8 March at 02:00; Thursday's 16:30 and Tuesday's 16:30 straddle it.
    expect(due(p, '2026-03-05T00:00:00Z', '2026-03-11T00:00:00Z', 'time-checkin')).toEqual([
      'time-checkin@2026-03-05T21:30:00.000Z',
      'time-checkin@2026-03-10T20:30:00.000Z',
    ]);
  });

  it('Europe/Berlin: 09:00 is 08:00Z before 29 March and 07:00Z after it', () => {
    const p = profile();
    expect(due(p, '2026-03-22T00:00:00Z', '2026-03-31T00:00:00Z', 'no-code-block')).toEqual([
      'no-code-block@2026-03-23T08:00:00.000Z',
      'no-code-block@2026-03-30T07:00:00.000Z',
    ]);
  });

  it('Asia/Kolkata (UTC+05:30, no DST): Monday 09:00 is 03:30Z all year', () => {
    const p = profile({ timeZone: 'Asia/Kolkata' });
    expect(due(p, '2026-03-22T00:00:00Z', '2026-03-31T00:00:00Z', 'no-code-block')).toEqual([
      'no-code-block@2026-03-23T03:30:00.000Z',
      'no-code-block@2026-03-30T03:30:00.000Z',
    ]);
    expect(due(p, '2026-11-16T00:00:00Z', '2026-11-18T00:00:00Z', 'time-checkin')).toEqual(['time-checkin@2026-11-17T11:00:00.000Z']);
  });

  it('Pacific/Auckland: Monday 09:00 falls on Sunday in UTC, 20:00Z in NZDT and 21:00Z after the April change', () => {
    const p = profile({ timeZone: 'Pacific/Auckland' });
    expect(due(p, '2026-03-28T00:00:00Z', '2026-04-07T00:00:00Z', 'no-code-block')).toEqual([
      'no-code-block@2026-03-29T20:00:00.000Z',
      'no-code-block@2026-04-05T21:00:00.000Z',
    ]);
  });

  it('all three zones receive the same nudge at three different instants of the same local minute', () => {
    const zones = ['America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];
    const instants = zones.map((z) => nextOccurrence(profile({ timeZone: z }), 'system-improvement', new Date('2026-11-16T12:00:00Z'))?.dueAt.toISOString());
    expect(instants).toEqual(['2026-11-19T21:30:00.000Z', '2026-11-19T11:00:00.000Z', '2026-11-19T03:30:00.000Z']);
  });
});

describe('1:1 prep timing', () => {
  const weekly: OneOnOneSchedule = { id: 1, reportUserId: 'U_REPORT', weekday: 2, time: '14:00', cadence: 'weekly', anchorDate: '2026-11-17' };

  it('comes 60 minutes before the meeting', () => {
    const p = profile({ oneOnOnes: [weekly] });
    const occ = occurrencesBetween(p, new Date('2026-11-16T00:00:00Z'), new Date('2026-11-18T00:00:00Z')).filter((o) => o.nudgeId === 'one-on-one-prep');
    expect(occ.map((o) => [o.dueAt.toISOString(), o.localTime, o.key])).toEqual([
      ['2026-11-17T12:00:00.000Z', '13:00', 'nudge:one-on-one-prep:U1:U_REPORT:2026-11-17'],
    ]);
  });

  it('comes at the start of working hours when 60 minutes before is earlier', () => {
    const p = profile({ oneOnOnes: [{ ...weekly, time: '09:30' }] });
    const occ = occurrencesBetween(p, new Date('2026-11-16T00:00:00Z'), new Date('2026-11-18T00:00:00Z')).filter((o) => o.nudgeId === 'one-on-one-prep');
    expect(occ.map((o) => o.localTime)).toEqual(['09:00']);
  });

  it('comes the working day before when the meeting starts before working hours', () => {
    const p = profile({ oneOnOnes: [{ ...weekly, weekday: 1, time: '08:30', anchorDate: '2026-11-16' }] });
    const occ = occurrencesBetween(p, new Date('2026-11-12T00:00:00Z'), new Date('2026-11-17T00:00:00Z')).filter((o) => o.nudgeId === 'one-on-one-prep');
    // Monday's 08:30 meeting: prep on Friday 13 Nov at 17:00 local.
    expect(occ.map((o) => [o.localDate, o.localTime])).toEqual([['2026-11-13', '17:00']]);
  });

  it('biweekly meetings fall every other week from their first date', () => {
    const p = profile({ oneOnOnes: [{ ...weekly, cadence: 'biweekly' }] });
    const dates = occurrencesBetween(p, new Date('2026-11-16T00:00:00Z'), new Date('2026-12-16T00:00:00Z'))
      .filter((o) => o.nudgeId === 'one-on-one-prep')
      .map((o) => o.oneOnOne?.meetingDate);
    expect(dates).toEqual(['2026-11-17', '2026-12-01', '2026-12-15']);
  });

  it('the first meeting of a new 1:1 is the next such weekday still ahead', () => {
    // Tuesday 17 Nov 15:00 Berlin: today's 14:00 has passed, so next week.
    expect(firstMeetingDate(2, '14:00', new Date('2026-11-17T14:00:00Z'), 'Europe/Berlin')).toBe('2026-11-24');
    expect(firstMeetingDate(2, '16:00', new Date('2026-11-17T14:00:00Z'), 'Europe/Berlin')).toBe('2026-11-17');
  });
});

describe('suppression, late sends and snoozes', () => {
  const base = { nudgesEnabled: true, pausedUntil: null, optedOut: new Set<NudgeId>(), unreachable: false };
  const occ = { nudgeId: 'no-code-block' as const, localDate: '2026-11-16' };

  it('suppresses for a pause through that local date, an opt-out, nudges off, or an unreachable manager', () => {
    expect(suppression(base, occ)).toBeUndefined();
    expect(suppression({ ...base, pausedUntil: '2026-11-16' }, occ)).toBe('paused');
    expect(suppression({ ...base, pausedUntil: '2026-11-15' }, occ)).toBeUndefined();
    expect(suppression({ ...base, optedOut: new Set<NudgeId>(['no-code-block']) }, occ)).toBe('opted-out');
    expect(suppression({ ...base, optedOut: new Set<NudgeId>(['time-checkin']) }, occ)).toBeUndefined();
    expect(suppression({ ...base, nudgesEnabled: false }, occ)).toBe('nudges-off');
    expect(suppression({ ...base, unreachable: true }, occ)).toBe('unreachable');
  });

  it('sends a missed occurrence late within the same local working day, otherwise marks it missed', () => {
    const p = profile();
    const [monday] = occurrencesBetween(p, new Date('2026-11-16T07:00:00Z'), new Date('2026-11-16T08:00:00Z'));
    if (!monday) throw new Error('expected the Monday nudge');
    expect(lateDecision(p, monday, new Date('2026-11-16T08:00:30Z'))).toBe('send');
    expect(lateDecision(p, monday, new Date('2026-11-16T16:59:00Z'))).toBe('send'); // 17:59 local
    expect(lateDecision(p, monday, new Date('2026-11-16T17:00:00Z'))).toBe('missed'); // 18:00 local: day over
    expect(lateDecision(p, monday, new Date('2026-11-17T08:00:00Z'))).toBe('missed'); // next day
  });

  it('snoozes an hour inside working hours, otherwise to the start of the next working day', () => {
    const p = profile();
    expect(snoozeUntil(p, new Date('2026-11-16T09:00:00Z'), 'hour').toISOString()).toBe('2026-11-16T10:00:00.000Z');
    // Friday 17:30 local + 1 h is after hours → Monday 09:00.
    expect(snoozeUntil(p, new Date('2026-11-20T16:30:00Z'), 'hour').toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(snoozeUntil(p, new Date('2026-11-16T09:00:00Z'), 'tomorrow').toISOString()).toBe('2026-11-17T08:00:00.000Z');
  });

  it('shows a next occurrence for every nudge of a manager with a 1:1 and a fresh enrolment', () => {
    const p = profile({
      enrolledAt: new Date('2026-11-16T07:00:00Z'),
      oneOnOnes: [{ id: 1, reportUserId: 'U2', weekday: 4, time: '15:00', cadence: 'weekly', anchorDate: '2026-11-19' }],
    });
    for (const id of NUDGE_IDS) expect(nextOccurrence(p, id, new Date('2026-11-16T07:30:00Z'))).toBeDefined();
  });
});

describe('a tick looks at one minute: planning minute by minute finds exactly what planning the week finds', () => {
  const MINUTE = 60_000;
  // Weeks with clock changes (EU and US, spring and autumn; Lord Howe moves by 30 minutes) and an odd offset (Kathmandu).
  const cases: Array<{ zone: string; weekStart: string; p: Partial<NudgeProfile> }> = [
    { zone: 'Europe/Berlin', weekStart: '2026-03-28T00:00:00Z', p: {} },
    { zone: 'Europe/Berlin', weekStart: '2026-10-24T00:00:00Z', p: { workStart: '02:00', workEnd: '04:00', workingDays: [1, 2, 3, 4, 5, 6, 7] } },
    { zone: 'America/New_York', weekStart: '2026-03-07T00:00:00Z', p: { workStart: '01:30', workEnd: '23:00', workingDays: [1, 2, 3, 4, 5, 6, 7] } },
    { zone: 'America/New_York', weekStart: '2026-10-31T00:00:00Z', p: {} },
    { zone: 'Australia/Lord_Howe', weekStart: '2026-04-01T00:00:00Z', p: { workingDays: [1, 2, 3, 4, 5, 6, 7] } },
    { zone: 'Asia/Kathmandu', weekStart: '2026-11-30T00:00:00Z', p: { workStart: '07:15', workEnd: '15:45' } },
  ];
  const oneOnOnes: OneOnOneSchedule[] = [
    { id: 1, reportUserId: 'U_EARLY', weekday: 1, time: '08:00', cadence: 'weekly', anchorDate: '2026-01-05' },
    { id: 2, reportUserId: 'U_MID', weekday: 3, time: '14:20', cadence: 'biweekly', anchorDate: '2026-01-07' },
    { id: 3, reportUserId: 'U_SUN', weekday: 7, time: '02:30', cadence: 'weekly', anchorDate: '2026-01-04' },
  ];

  it.each(cases)('$zone, week from $weekStart', ({ zone, weekStart, p: extra }) => {
    const p = profile({
      timeZone: zone,
      oneOnOnes,
      enrolledAt: new Date(Date.parse(weekStart) - 2 * 86_400_000),
      overrides: new Map([['time-checkin', { time: '02:45' }]]),
      ...extra,
    });
    const start = Date.parse(weekStart);
    const end = start + 8 * 86_400_000;
    const whole = occurrencesBetween(p, new Date(start), new Date(end)).map((o) => o.key);
    const byMinute: string[] = [];
    const cache = new Map<string, number>();
    for (let t = start; t < end; t += MINUTE) {
      for (const o of occurrencesBetween(p, new Date(t), new Date(t + MINUTE), cache)) byMinute.push(o.key);
    }
    expect(whole.length).toBeGreaterThan(5);
    expect(byMinute).toEqual(whole);
  });
});
