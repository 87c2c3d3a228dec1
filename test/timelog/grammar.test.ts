import { parseDuration } from '../../src/features/timelog/rules/duration';
import { parseLogArgs } from '../../src/features/timelog/rules/logArgs';
import { parseWhen } from '../../src/features/timelog/rules/when';

// Wednesday 2026-11-18 throughout.
const today = '2026-11-18';

describe('one duration grammar', () => {
  it.each([
    ['90m', 90],
    ['1.5h', 90],
    ['1h30m', 90],
    ['1h 30m', 90],
    ['1 h 30 min', 90],
    ['2 hours', 120],
    ['45 minutes', 45],
    ['half an hour', 30],
    ['an hour', 60],
    ['An Hour and a half', 90],
    ['1,5h', 90],
    ['2h15', 135],
    ['1 hour 15 minutes', 75],
    ['1 hour and 15 minutes', 75],
    ['0.75h', 45],
    ['.5h', 30],
    ['1 HR', 60],
    ['16h', 960],
  ])('reads %j as %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: minutes });
  });

  it.each([
    ['abc', "I can't read `abc` as a duration. Write it like `90m`, `1h30m`, `1.5h` or `2 hours`."],
    ['90', 'The duration `90` has no unit: write `90m` for minutes or `90h` for hours.'],
    ['0m', 'The duration `0m` is zero; log at least one minute, e.g. `15m`.'],
    ['-30m', 'The duration `-30m` is negative; log the time you spent, e.g. `45m`.'],
    ['16h 1m', '`16h 1m` is more than 16 hours, the most one entry can hold. Split it over the days it belongs to, e.g. `8h` each.'],
    ['1.33h', '`1.33h` is 79.8 minutes; entries are whole minutes, so write `1h20m` (or `80m`).'],
    ['0.001h', '`0.001h` is 0.06 minutes; entries are whole minutes, so write `1m`.'],
    ['1.5m', '`1.5m` is 1.5 minutes; entries are whole minutes, so write `2m`.'],
    ['2h 15', 'After `2h`, write the minutes with their unit, like `2h15m`.'],
    ['30m1h', "I can't read `30m1h` as a duration."],
    ['1h 30m later', "I can't read `1h 30m later` as a duration."],
  ])('refuses %j: %s', (text, problem) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe('days (today is Wednesday 2026-11-18)', () => {
  it.each([
    ['today', '2026-11-18'],
    ['yesterday', '2026-11-17'],
    ['mon', '2026-11-16'],
    ['tues', '2026-11-17'],
    ['friday', '2026-11-13'],
    ['Wednesday', '2026-11-18'],
    ['last friday', '2026-11-13'],
    ['last wednesday', '2026-11-11'],
    ['on monday', '2026-11-16'],
    ['this monday', '2026-11-16'],
    ['this wednesday', '2026-11-18'],
    ['3 days ago', '2026-11-15'],
    ['a week ago', '2026-11-11'],
    ['2 weeks ago', '2026-11-04'],
    ['2026-11-04', '2026-11-04'],
    ['12 nov', '2026-11-12'],
    ['nov 12', '2026-11-12'],
    ['12th November', '2026-11-12'],
    ['November 12, 2026', '2026-11-12'],
  ])('reads %j as %s', (text, date) => {
    expect(parseWhen(text, today)).toEqual({ ok: true, value: date });
  });

  it('reads a month and day without a year as the occurrence nearest today', () => {
    expect(parseWhen('30 dec', '2027-01-02')).toEqual({ ok: true, value: '2026-12-30' });
  });

  it.each([
    ['tomorrow', '`tomorrow` is in the future (today is 2026-11-18 in your time zone); log time once it is spent.'],
    ['next monday', '`next monday` is in the future (today is 2026-11-18 in your time zone); log time once it is spent.'],
    ['30 nov', '`30 nov` (2026-11-30) is in the future (today is 2026-11-18 in your time zone); log time once it is spent.'],
    ['2026-11-19', '2026-11-19 is in the future (today is 2026-11-18 in your time zone); log time once it is spent.'],
    ['15 days ago', '`15 days ago` (2026-11-03) is 15 days ago; entries can go back at most 14 days (to 2026-11-04).'],
    ['this friday', '`this friday` (2026-11-20) is in the future'],
    ['99999999999 days ago', '`99999999999 days ago` is too far back; entries can go back at most 14 days (to 2026-11-04).'],
    ['31 feb', '`31 feb` is not a real date.'],
    ['2026-02-30', '`2026-02-30` is not a real date.'],
    ['30/11', "`30/11` could be day/month or month/day, so I don't guess: write the month as a word, like `18 nov`, or write `2026-11-18`."],
    ['11/30', "`11/30` could be day/month or month/day"],
    ['30.11.', "`30.11.` could be day/month or month/day"],
    ['11-30', "`11-30` could be day/month or month/day"],
    ['in 2 days', '`in 2 days` is in the future'],
    ['last week', '`last week` is not one day: name the day, like `yesterday`, `last friday` or `2026-11-16`.'],
    ['someday', "I can't read `someday` as a day"],
  ])('refuses %j: %s', (text, problem) => {
    const parsed = parseWhen(text, today);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe('/lead log arguments: duration, then day, then note', () => {
  const entry = (category: string, minutes: number, localDate: string, note: string | null) => ({
    ok: true,
    value: { category, minutes, localDate, note },
  });

  it.each([
    ['people 1h 30m', entry('people', 90, today, null)],
    ['strategy 1h yesterday', entry('strategy', 60, '2026-11-17', null)],
    ['coding 2 hours', entry('coding', 120, today, null)],
    ['coding 45 minutes', entry('coding', 45, today, null)],
    ['CODING 1 hour 15 minutes reviewing PRs', entry('coding', 75, today, 'reviewing PRs')],
    ['Incident half an hour last friday pager noise', entry('firefighting', 30, '2026-11-13', 'pager noise')],
    ['1h 30m coding', entry('coding', 90, today, null)],
    ['meetings 30m monday standup notes', entry('meetings', 30, '2026-11-16', 'standup notes')],
    ['meetings 30m monday, standup notes', entry('meetings', 30, '2026-11-16', 'standup notes')],
    ['people 30m "friday retro prep"', entry('people', 30, today, 'friday retro prep')],
    ['people 30m yesterday “friday retro prep”', entry('people', 30, '2026-11-17', 'friday retro prep')],
    ['people 30m with Sam, friday retro', entry('people', 30, today, 'with Sam, friday retro')],
    ['coding 2h 3 days ago', entry('coding', 120, '2026-11-15', null)],
    ['coding 2h15 12 nov migration', entry('coding', 135, '2026-11-12', 'migration')],
    ['coding 45m 3 PRs', entry('coding', 45, today, '3 PRs')],
    ["coding 1h yesterday friday's PRs", entry('coding', 60, '2026-11-17', "friday's PRs")],
    ['coding 1h next steps for the migration', entry('coding', 60, today, 'next steps for the migration')],
    ['coding 1h may need a second pass', entry('coding', 60, today, 'may need a second pass')],
  ])('reads %j', (args, expected) => {
    expect(parseLogArgs(args, today)).toEqual(expected);
  });

  it.each([
    ['strategy 1h tomorrow', '`tomorrow` is in the future (today is 2026-11-18 in your time zone); log time once it is spent.'],
    ['strategy 1h next friday planning', '`next friday` is in the future'],
    ['strategy 1h 31 feb', '`31 feb` is not a real date.'],
    ['strategy 1h 30/11', '`30/11` could be day/month or month/day'],
    ['strategy 1h 2026-10-01', '2026-10-01 is 48 days ago; entries can go back at most 14 days (to 2026-11-04).'],
    ['coding 2h 15', 'After `2h`, I can\'t tell whether `15` is minutes or the start of your note: write `2h15m` for minutes, or put the note in quotes, like `"15 PRs reviewed"`.'],
    ['coding 30m 1h', '`30m 1h` holds two durations; write one, like `1h30m`.'],
    ['coding 90 reviewing', 'The duration `90` has no unit'],
    ['coding', 'How long did you spend on coding? A duration is missing.'],
    ['1h stuff', 'Unknown category `1h`.'],
  ])('refuses %j', (args, problem) => {
    const parsed = parseLogArgs(args, today);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
