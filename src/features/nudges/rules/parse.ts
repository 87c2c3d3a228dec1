import { addLocalDays, daysBetween, formatClock, isValidLocalDate, parseClock, parseWeekday } from '../../../core/dates/localDate';
import { quoteUserInput } from '../../../core/blockKit';
import { fail, ok, type Parsed } from '../../../core/result';

/**
 * Parsers for the nudge and 1:1 commands. Each returns the value, or one sentence naming what is
 * wrong plus a correct example, shown to the user as is.
 */

/** `<@U123|name>` or `<@U123>` as Slack sends an escaped mention. */
const MENTION = /^<@([UW][A-Z0-9_]{2,})(?:\|[^>]*)?>$/;

export function parseMention(token: string | undefined, example: string): Parsed<string> {
  if (!token) return fail(`Say who the 1:1 is with by mentioning them, e.g. \`${example}\`.`);
  const m = MENTION.exec(token);
  if (m?.[1]) return ok(m[1]);
  if (token.startsWith('@')) {
    return fail(
      `${quoteUserInput(token)} is not a Slack mention: pick the person from the @ menu so it turns into a link, e.g. \`${example}\`.`,
    );
  }
  return fail(`${quoteUserInput(token)} is not a person: mention them with @, e.g. \`${example}\`.`);
}

export interface OneOnOneInput {
  reportUserId: string;
  weekday: number;
  time: string;
  cadence: 'weekly' | 'biweekly';
}

export const ONE_ON_ONE_ADD_EXAMPLE = '/lead 1on1 add @alex tuesday 14:00 weekly';

export function parseOneOnOneAdd(args: string): Parsed<OneOnOneInput> {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const example = ONE_ON_ONE_ADD_EXAMPLE;
  const person = parseMention(words[0], example);
  if (!person.ok) return person;
  if (!words[1]) return fail(`Add the weekday of the 1:1, e.g. \`${example}\`.`);
  const weekday = parseWeekday(words[1]);
  if (!weekday) return fail(`${quoteUserInput(words[1])} is not a weekday: use monday to sunday, e.g. \`${example}\`.`);
  if (!words[2]) return fail(`Add the time of the 1:1 as HH:MM in your time zone, e.g. \`${example}\`.`);
  const minutes = parseClock(words[2]);
  if (minutes === undefined) {
    return fail(`${quoteUserInput(words[2])} is not a time: write it as HH:MM on a 24-hour clock, e.g. \`14:00\`.`);
  }
  const cadenceWord = (words[3] ?? 'weekly').toLowerCase();
  const cadence = cadenceWord === 'weekly' ? 'weekly' : cadenceWord === 'biweekly' || cadenceWord === 'fortnightly' ? 'biweekly' : undefined;
  if (!cadence) return fail(`${quoteUserInput(words[3] ?? '')} is not a cadence: use \`weekly\` or \`biweekly\`, e.g. \`${example}\`.`);
  if (words.length > 4) return fail(`Too many words after the cadence. Use the form \`${example}\`.`);
  return ok({ reportUserId: person.value, weekday, time: formatClock(minutes), cadence });
}

export const MAX_PAUSE_DAYS = 90;

/**
 * `/lead pause 3d` pauses today and the next two days (three days counting today);
 * `/lead pause until 2026-12-01` pauses up to and including that date. Returns the last paused local date.
 */
export function parsePause(args: string, today: string): Parsed<string> {
  const text = args.trim().toLowerCase();
  const examples = '`/lead pause 3d` or `/lead pause until ' + addLocalDays(today, 14) + '`';
  if (!text) return fail(`Say how long to pause, e.g. ${examples}.`);
  const days = /^(\d+)\s*(?:d|day|days)$/.exec(text);
  if (days) {
    const n = Number(days[1]);
    if (n < 1) return fail(`Pause for at least one day, e.g. ${examples}.`);
    if (n > MAX_PAUSE_DAYS) return fail(`${n} days is longer than the ${MAX_PAUSE_DAYS}-day maximum; use \`/lead nudges\` to turn nudges off instead.`);
    return ok(addLocalDays(today, n - 1));
  }
  const until = /^until\s+(\S+)$/.exec(text);
  if (until?.[1]) {
    const date = until[1];
    if (!isValidLocalDate(date)) return fail(`${quoteUserInput(date)} is not a date: write it as YYYY-MM-DD, e.g. ${examples}.`);
    if (daysBetween(today, date) < 0) return fail(`${date} is in the past (today is ${today} in your time zone).`);
    if (daysBetween(today, date) >= MAX_PAUSE_DAYS) {
      return fail(`${date} is more than ${MAX_PAUSE_DAYS} days away; use \`/lead nudges\` to turn nudges off instead.`);
    }
    return ok(date);
  }
  return fail(`I can't read ${quoteUserInput(args)} as a pause: use ${examples}.`);
}

export interface WorkingHours {
  workingDays: number[];
  workStart: string;
  workEnd: string;
}

export const HOURS_EXAMPLE = '/lead hours mon-fri 09:00-18:00';

/** `/lead hours mon-fri 09:00-18:00` or `/lead hours mon,tue,thu 08:30-17:00`. */
export function parseWorkingHours(args: string): Parsed<WorkingHours> {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length !== 2) return fail(`Give your working days and hours, e.g. \`${HOURS_EXAMPLE}\`.`);
  const [dayText = '', hourText = ''] = words;
  const days = new Set<number>();
  for (const part of dayText.toLowerCase().split(',')) {
    const range = part.split('-');
    const from = parseWeekday(range[0] ?? '');
    const to = range.length === 2 ? parseWeekday(range[1] ?? '') : from;
    if (!from || !to || range.length > 2) {
      return fail(`${quoteUserInput(part)} is not a day or day range: use names like \`mon-fri\` or \`mon,tue,thu\`, e.g. \`${HOURS_EXAMPLE}\`.`);
    }
    if (to < from) return fail(`${quoteUserInput(part)} runs backwards: write ranges from Monday towards Sunday, e.g. \`mon-fri\`.`);
    for (let d = from; d <= to; d++) days.add(d);
  }
  const hours = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(hourText);
  const start = hours?.[1] ? parseClock(hours[1]) : undefined;
  const end = hours?.[2] ? parseClock(hours[2]) : undefined;
  if (start === undefined || end === undefined) {
    return fail(`${quoteUserInput(hourText)} is not a time range: write start-end on a 24-hour clock, e.g. \`09:00-18:00\`.`);
  }
  if (end - start < 60) return fail(`Your working day must be at least an hour long and end after it starts, e.g. \`09:00-18:00\`.`);
  return ok({ workingDays: [...days].sort(), workStart: formatClock(start), workEnd: formatClock(end) });
}

/**
 * A time of day as people write it: `17:30`, `5:30pm`, `5pm`, `9am`, `9` (an hour on a 24-hour
 * clock), `0930`. Returns `HH:MM`, or undefined for anything else (including `25:00`, `13pm`).
 */
export function parseTimeOfDay(text: string): string | undefined {
  const m = /^(\d{1,2})(?::?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = Number(m[2] ?? '0');
  const half = m[3]?.startsWith('a') ? 'am' : m[3]?.startsWith('p') ? 'pm' : undefined;
  if (minutes > 59) return undefined;
  if (half) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (half === 'pm' ? 12 : 0);
  } else if (hours > 23) {
    return undefined;
  }
  return formatClock(hours * 60 + minutes);
}

/** `tue`, `tuesday`, or a list `tue,thu` / `tue thu` / `tue and thu`: ISO weekdays, sorted, no repeats. */
export function parseWeekdayList(text: string): Parsed<number[]> {
  const words = text.toLowerCase().split(/[\s,]+/).filter((w) => w && w !== 'and');
  if (words.length === 0) return fail('Say which day, e.g. `tue`.');
  const days = new Set<number>();
  for (const w of words) {
    const d = parseWeekday(w);
    if (!d) return fail(`${quoteUserInput(w)} is not a day: use monday to sunday (or mon, tue, ...).`);
    days.add(d);
  }
  return ok([...days].sort((a, b) => a - b));
}

export const MAX_HOLIDAY_DAYS_AHEAD = 366;
export const HOLIDAY_EXAMPLE = '/lead holidays add 2026-12-25 Christmas';

/** `2026-12-25 Christmas Day`: a date from today up to a year ahead, and a name. */
export function parseHoliday(args: string, today: string): Parsed<{ date: string; name: string }> {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  const date = m?.[1] ?? '';
  const name = (m?.[2] ?? '').trim();
  if (!date) return fail('Give the date and a name.');
  if (!isValidLocalDate(date)) return fail(`${quoteUserInput(date)} is not a date: write it as YYYY-MM-DD.`);
  if (daysBetween(today, date) < 0) return fail(`${date} is in the past (today is ${today}); holidays are for days still to come.`);
  if (daysBetween(today, date) > MAX_HOLIDAY_DAYS_AHEAD) return fail(`${date} is more than a year away; add it closer to the date.`);
  if (!name) return fail(`Give the holiday a name after the date.`);
  if (name.length > 100) return fail('The name is longer than 100 characters; keep it short.');
  return ok({ date, name });
}
