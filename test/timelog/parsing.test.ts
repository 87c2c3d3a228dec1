import { CATEGORY_IDS, emptyMinutes } from '../../src/core/categories';
import { pickCoachingLine } from '../../src/features/timelog/rules/coachingLine';
import { csvField, toCsv } from '../../src/features/privacy/csv';
import { formatMinutes, formatMinutesCompact, parseDuration } from '../../src/features/timelog/rules/duration';
import { formatDay, localDateIn, weekInZone, weekOfLocalDate } from '../../src/core/dates/localDate';
import { parseLogArgs } from '../../src/features/timelog/rules/logArgs';
import { computeSplit, textBar } from '../../src/features/timelog/rules/split';
import { mergeTargets, parseTargetRange } from '../../src/features/timelog/rules/targets';
import { loggableDays, parseWhen } from '../../src/features/timelog/rules/when';

describe('parseDuration', () => {
  it.each([
    ['90m', 90],
    ['1.5h', 90],
    ['1,5h', 90],
    ['1h30m', 90],
    ['1h 30m', 90],
    ['2h', 120],
    ['2 hours', 120],
    ['45min', 45],
    ['16h', 960],
    ['0.25h', 15],
    ['1H30M', 90],
  ])('reads %s as %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: minutes });
  });

  it.each([
    ['abc', /can't read/],
    ['', /missing/],
    ['90', /no unit/],
    ['30m1h', /can't read/],
    ['1x', /can't read/],
    ['h', /can't read/],
    ['0m', /zero/],
    ['0.001h', /whole minutes/],
    ['-30m', /negative/],
    ['16h1m', /more than 16 hours/],
    ['17h', /more than 16 hours/],
  ])('refuses %j', (text, problem) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  it('formats durations the way the parser reads them back', () => {
    for (const m of [1, 45, 60, 90, 600, 959]) {
      expect(parseDuration(formatMinutesCompact(m))).toEqual({ ok: true, value: m });
    }
    expect(formatMinutes(90)).toBe('1h 30m');
    expect(formatMinutes(120)).toBe('2h');
    expect(formatMinutes(0)).toBe('0m');
  });
});

describe('parseWhen (today is Wednesday 2026-11-18)', () => {
  const today = '2026-11-18';
  it.each([
    ['today', '2026-11-18'],
    ['', '2026-11-18'],
    ['yesterday', '2026-11-17'],
    ['Monday', '2026-11-16'],
    ['tue', '2026-11-17'],
    ['wednesday', '2026-11-18'],
    ['thursday', '2026-11-12'],
    ['sun', '2026-11-15'],
    ['2026-11-04', '2026-11-04'],
    ['2026-11-4', '2026-11-04'],
  ])('reads %j as %s', (word, date) => {
    expect(parseWhen(word, today)).toEqual({ ok: true, value: date });
  });

  it.each([
    ['2026-11-19', /future/],
    ['2026-11-03', /15 days ago; entries can go back at most 14 days \(to 2026-11-04\)/],
    ['2026-02-30', /not a real date/],
    ['someday', /can't read/],
  ])('refuses %j', (word, problem) => {
    const parsed = parseWhen(word, today);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  it('offers the last 15 days, today first', () => {
    const days = loggableDays(today);
    expect(days).toHaveLength(15);
    expect(days[0]).toBe(today);
    expect(days[14]).toBe('2026-11-04');
  });
});

describe('local dates and weeks', () => {
  it('takes the local date in the manager zone, not UTC', () => {
    const instant = new Date('2026-11-23T09:30:00Z');
    expect(localDateIn(instant, 'Pacific/Kiritimati')).toBe('2026-11-23');
    expect(localDateIn(instant, 'America/Los_Angeles')).toBe('2026-11-23');
    expect(localDateIn(new Date('2026-11-23T07:30:00Z'), 'America/Los_Angeles')).toBe('2026-11-22');
  });

  it('puts Monday 00:30 in Kiritimati in the new week while Los Angeles is still in the old one', () => {
    const instant = new Date('2026-11-22T10:30:00Z'); // Mon 00:30 at UTC+14, Sun 02:30 at UTC-8
    expect(weekInZone(instant, 'Pacific/Kiritimati')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(weekInZone(instant, 'America/Los_Angeles')).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    expect(weekInZone(instant, 'America/Los_Angeles', 1)).toEqual({ start: '2026-11-09', end: '2026-11-15' });
  });

  it('keeps Monday–Sunday weeks across a DST change', () => {
    // Europe/Berlin leaves summer time on Sunday 2026-10-25.
    expect(weekInZone(new Date('2026-10-25T22:59:00Z'), 'Europe/Berlin')).toEqual({ start: '2026-10-19', end: '2026-10-25' });
    expect(weekInZone(new Date('2026-10-25T23:00:00Z'), 'Europe/Berlin')).toEqual({ start: '2026-10-26', end: '2026-11-01' });
    expect(weekOfLocalDate('2026-11-22')).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    expect(formatDay('2026-11-18')).toBe('Wed 18 Nov');
  });
});

describe('parseLogArgs', () => {
  const today = '2026-11-18';
  it('reads category, duration, when and note', () => {
    expect(parseLogArgs('coding 90m yesterday reviewing PRs', today)).toEqual({
      ok: true,
      value: { category: 'coding', minutes: 90, localDate: '2026-11-17', note: 'reviewing PRs' },
    });
  });

  it('treats a third word that is not a day as the start of the note, and accepts aliases and either order', () => {
    expect(parseLogArgs('1:1 45m with Sam', today)).toEqual({
      ok: true,
      value: { category: 'people', minutes: 45, localDate: today, note: 'with Sam' },
    });
    expect(parseLogArgs('2h incident', today)).toMatchObject({ ok: true, value: { category: 'firefighting', minutes: 120 } });
  });

  it('stores the note as typed, undoing Slack entity escaping', () => {
    expect(parseLogArgs('review 1h fix &lt;b&gt; &amp; co', today)).toMatchObject({ ok: true, value: { note: 'fix <b> & co' } });
  });

  it('names the closest category and lists all for an unknown one', () => {
    const parsed = parseLogArgs('codng 1h', today);
    expect(parsed).toEqual({
      ok: false,
      problem: 'Unknown category `codng`. Did you mean `coding`? The categories are: coding, people, meetings, strategy, improvement, firefighting.',
    });
    const far = parseLogArgs('xyzzy 1h', today);
    expect(far.ok || far.problem).not.toContain('Did you mean');
  });

  it('refuses a missing duration, a bad day and a note over 500 characters', () => {
    expect(parseLogArgs('coding', today)).toMatchObject({ ok: false, problem: expect.stringMatching(/duration is missing/) });
    expect(parseLogArgs('coding 1h 2026-11-20', today)).toMatchObject({ ok: false, problem: expect.stringMatching(/future/) });
    expect(parseLogArgs(`coding 1h ${'x'.repeat(500)}`, today)).toMatchObject({ ok: true });
    expect(parseLogArgs(`coding 1h ${'x'.repeat(501)}`, today)).toMatchObject({ ok: false, problem: expect.stringMatching(/501 characters/) });
  });
});

describe('targets, split and coaching line', () => {
  const defaults = { coding: { min: 0, max: 20 }, people: { min: 30, max: 60 }, meetings: { min: 10, max: 30 }, strategy: { min: 10, max: 25 }, improvement: { min: 5, max: 20 }, firefighting: { min: 0, max: 15 } };

  it('reads target ranges and refuses impossible ones', () => {
    expect(parseTargetRange('10-30')).toEqual({ ok: true, value: { min: 10, max: 30 } });
    expect(parseTargetRange('10%-30%')).toEqual({ ok: true, value: { min: 10, max: 30 } });
    expect(parseTargetRange('0 to 100')).toEqual({ ok: true, value: { min: 0, max: 100 } });
    expect(parseTargetRange('30-10')).toMatchObject({ ok: false, problem: expect.stringMatching(/lowest share is above the highest/) });
    expect(parseTargetRange('0-120')).toMatchObject({ ok: false, problem: expect.stringMatching(/between 0 and 100/) });
    expect(parseTargetRange('10.5-20')).toMatchObject({ ok: false, problem: expect.stringMatching(/whole percentages/) });
    expect(parseTargetRange('lots')).toMatchObject({ ok: false, problem: expect.stringMatching(/can't read/) });
  });

  it('lets a manager range override the default for that category only', () => {
    const t = mergeTargets(defaults, { coding: { min: 10, max: 40 } });
    expect(t.coding).toEqual({ min: 10, max: 40, custom: true });
    expect(t.people).toEqual({ min: 30, max: 60, custom: false });
  });

  it('computes whole-percent shares and bars, and marks each against its target', () => {
    const minutes = { ...emptyMinutes(), coding: 300, people: 150, meetings: 50 };
    const split = computeSplit(minutes, mergeTargets(defaults, {}));
    expect(split.totalMinutes).toBe(500);
    const coding = split.rows.find((r) => r.category === 'coding');
    expect(coding).toMatchObject({ percent: 60, standing: 'above' });
    expect(split.rows.find((r) => r.category === 'people')).toMatchObject({ percent: 30, standing: 'within' });
    expect(split.rows.find((r) => r.category === 'strategy')).toMatchObject({ percent: 0, standing: 'below' });
    expect(textBar(60)).toBe('██████░░░░');
    expect(textBar(0)).toBe('░░░░░░░░░░');
    expect(textBar(100)).toBe('██████████');
  });

  it('picks the tip for the share furthest off target, the target text when no tip fits, and on-track/no-data', () => {
    const targets = mergeTargets(defaults, {});
    const codingHeavy = computeSplit({ ...emptyMinutes(), coding: 600, people: 300, strategy: 60, meetings: 60, improvement: 60 }, targets);
    expect(pickCoachingLine(codingHeavy)).toMatchObject({ kind: 'tip', key: 'tip.coding-above-target' });
    const fireHeavy = computeSplit({ ...emptyMinutes(), firefighting: 600, people: 300, coding: 60 }, targets);
    expect(pickCoachingLine(fireHeavy)).toMatchObject({ kind: 'tip', key: 'tip.firefighting-high' });
    const peopleHeavy = computeSplit({ ...emptyMinutes(), people: 900, meetings: 150, strategy: 150, improvement: 100 }, targets);
    expect(pickCoachingLine(peopleHeavy)).toEqual({ kind: 'target', category: 'people', standing: 'above' });
    const balanced = computeSplit({ ...emptyMinutes(), coding: 100, people: 400, meetings: 200, strategy: 150, improvement: 100, firefighting: 50 }, targets);
    expect(balanced.rows.every((r) => r.standing === 'within')).toBe(true);
    expect(pickCoachingLine(balanced)).toEqual({ kind: 'tip', key: 'tip.on-track' });
    expect(pickCoachingLine(computeSplit(emptyMinutes(), targets))).toEqual({ kind: 'tip', key: 'tip.no-data' });
    expect(CATEGORY_IDS).toHaveLength(6);
  });
});

describe('CSV', () => {
  it('quotes every field and neutralises spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe(`"'+1"`);
    expect(csvField('-2')).toBe(`"'-2"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('plain, with comma')).toBe('"plain, with comma"');
    expect(csvField(90)).toBe('"90"');
    expect(toCsv(['a', 'b'], [['x', 1]])).toBe('"a","b"\r\n"x","1"\r\n');
  });
});
