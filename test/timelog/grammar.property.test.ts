// @engines sqlite postgres
import fc from 'fast-check';

import { CATEGORIES, type CategoryId } from '../../src/core/categories';
import { addLocalDays, formatDay, isoWeekday, weekdayName } from '../../src/core/dates/localDate';
import { MAX_ENTRY_MINUTES } from '../../src/features/timelog/rules/duration';
import { parseLogArgs } from '../../src/features/timelog/rules/logArgs';
import { startTestApp, type TestApp } from '../support/harness';
import { allStoredEntries, ask } from './helpers';

// The harness clock stands at Wednesday 2026-11-18, 11:00 in Berlin.
const today = '2026-11-18';
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Every way this grammar promises to read `minutes`. */
function durationForms(minutes: number): string[] {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const forms = [`${minutes}m`, `${minutes} min`, `${minutes} minutes`];
  if (m === 0) forms.push(`${h}h`, `${h} hours`, `${h} hrs`);
  if (minutes === 60) forms.push('an hour', '1 hour');
  if (minutes === 30) forms.push('half an hour');
  if (minutes === 90) forms.push('an hour and a half');
  if (h > 0 && m > 0) forms.push(`${h}h${m}m`, `${h}h ${m}m`, `${h} h ${m} min`, `${h}h${m}`, `${h} hours ${m} minutes`, `${h} hour and ${m} minutes`);
  if ((minutes * 100) % 60 === 0) {
    const decimal = String(minutes / 60);
    forms.push(`${decimal}h`, `${decimal.replace('.', ',')}h`, `${decimal} hours`);
  }
  return forms;
}

/** Every way to name the day `daysBack` days before today ('' = left out, meaning today). */
function dayForms(daysBack: number): string[] {
  const date = addLocalDays(today, -daysBack);
  const day = Number(date.slice(8));
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? '';
  const weekday = weekdayName(isoWeekday(date), 'long').toLowerCase();
  const forms = [date, `on ${date}`, `${daysBack} days ago`, `${day} ${month.slice(0, 3)}`, `${month.slice(0, 3)} ${day}`, `${day}th of ${month}`, `${month} ${day}, ${date.slice(0, 4)}`];
  expect(formatDay(date)).toContain(`${day} ${month.slice(0, 3).replace(/^./, (c) => c.toUpperCase())}`);
  if (daysBack === 0) forms.push('', 'today');
  if (daysBack === 1) forms.push('yesterday', 'a day ago', '1 day ago');
  if (daysBack <= 6) forms.push(weekday, weekday.slice(0, 3), `on ${weekday}`, `${weekday},`);
  if (daysBack >= 1 && daysBack <= 7) forms.push(`last ${weekday}`);
  if (daysBack < isoWeekday(today)) forms.push(`this ${weekday}`);
  if (daysBack === 7) forms.push('a week ago', '1 week ago');
  if (daysBack === 14) forms.push('2 weeks ago');
  return forms;
}

const NOTE_START = ['reviewing', 'PRs', 'with', 'Sam', 'retro', 'prep', 'hiring', 'loop', 'roadmap', 'draft', '#incident-42', 'follow-up'];
const ANY_WORD = [...NOTE_START, 'friday', 'yesterday', 'tomorrow', 'monday,', '3', 'days', 'ago', 'nov', '30', 'last', '2026-11-30', '1h', '30/11', 'and'];

const randomCase = (text: string): fc.Arbitrary<string> => fc.mixedCase(fc.constant(text));
const gap = fc.constantFrom(' ', '  ', '\t');
const words = (first: fc.Arbitrary<string>, max: number) =>
  fc.tuple(first, fc.array(fc.constantFrom(...ANY_WORD), { maxLength: max })).map(([w, more]) => [w, ...more].join(' '));

interface Expected {
  category: CategoryId;
  minutes: number;
  localDate: string;
  note: string | null;
}

/** A valid `/lead log` argument string, written in one of its many forms, and what it must be read as. */
const validLog: fc.Arbitrary<{ input: string; expected: Expected }> = fc
  .record({
    category: fc.constantFrom(...CATEGORIES.flatMap((c) => [c.id, ...c.aliases].map((word) => ({ id: c.id, word })))),
    minutes: fc.integer({ min: 1, max: MAX_ENTRY_MINUTES }),
    durationPick: fc.nat(),
    daysBack: fc.integer({ min: 0, max: 14 }),
    dayPick: fc.nat(),
    note: fc.oneof(
      fc.constant(null),
      words(fc.constantFrom(...NOTE_START), 4).map((text) => ({ text, written: text })),
      fc.tuple(words(fc.constantFrom(...ANY_WORD), 4), fc.constantFrom(['"', '"'], ['“', '”'])).map(([text, [open, close]]) => ({ text, written: `${open}${text}${close}` })),
    ),
    durationFirst: fc.boolean(),
    gaps: fc.array(gap, { minLength: 3, maxLength: 3 }),
  })
  .chain((g) => {
    const durations = durationForms(g.minutes);
    const days = dayForms(g.daysBack);
    return fc
      .tuple(randomCase(g.category.word), randomCase(durations[g.durationPick % durations.length] ?? ''), randomCase(days[g.dayPick % days.length] ?? ''))
      .map(([category, duration, day]) => {
        const head = g.durationFirst ? [duration, category] : [category, duration];
        const parts = [...head, day, g.note?.written ?? ''].filter((p) => p !== '');
        const input = parts.reduce((text, part, i) => `${text}${i === 0 ? '' : (g.gaps[i % 3] ?? ' ')}${part}`, '');
        return { input, expected: { category: g.category.id, minutes: g.minutes, localDate: addLocalDays(today, -g.daysBack), note: g.note?.text ?? null } };
      });
  });

describe('the /lead log grammar, over generated inputs', () => {
  it('reads every written form of a category, duration, day and note back to the same entry', () => {
    fc.assert(
      fc.property(validLog, ({ input, expected }) => {
        expect(parseLogArgs(input, today)).toEqual({ ok: true, value: expected });
      }),
      { numRuns: 1500 },
    );
  });

  it('never accepts what it cannot store: any accepted input is one whole-minute entry inside the window', () => {
    const junk = fc.oneof(fc.string({ maxLength: 60 }), words(fc.constantFrom(...ANY_WORD, 'coding', 'people', 'x', '25h', '-1h', '0m', '1.33h', '2h', '15'), 6));
    fc.assert(
      fc.property(junk, (input) => {
        const parsed = parseLogArgs(input, today);
        if (!parsed.ok) {
          expect(parsed.problem.length).toBeGreaterThan(0);
          return;
        }
        expect(Number.isInteger(parsed.value.minutes)).toBe(true);
        expect(parsed.value.minutes).toBeGreaterThanOrEqual(1);
        expect(parsed.value.minutes).toBeLessThanOrEqual(MAX_ENTRY_MINUTES);
        expect(parsed.value.localDate >= addLocalDays(today, -14) && parsed.value.localDate <= today).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('the real /lead log handler, over generated inputs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }] });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers a refusal exactly when it stores nothing, and stores what it confirms', async () => {
    const junk = fc.oneof(
      fc.string({ minLength: 1, maxLength: 40 }),
      words(fc.constantFrom(...ANY_WORD, 'coding', 'people', 'x', '25h', '-1h', '0m', '1.33h', '2h', '15', '31 feb'), 5),
    );
    const input = fc.oneof(validLog.map((v) => v.input), junk).filter((text) => text.trim() !== '');
    await fc.assert(
      fc.asyncProperty(input, async (text) => {
        const before = (await allStoredEntries(t.sql)).length;
        const reply = await ask(t, `log ${text}`);
        const rows = await allStoredEntries(t.sql);
        expect(reply.text).not.toContain('something went wrong');
        const refused = reply.text.includes('Nothing was changed.');
        expect(refused).toBe(rows.length === before);
        if (!refused) {
          expect(rows).toHaveLength(before + 1);
          expect(reply.text).toContain('Logged');
        }
      }),
      { numRuns: 80 },
    );
  });
});
