import {
  addLocalDays,
  daysBetween,
  formatDay,
  isValidLocalDate,
  isoWeekday,
  parseMonth,
  parseWeekday,
} from '../../../core/dates/localDate';
import { fail, ok, type Parsed } from '../../../core/result';
import { quoteUserInput } from '../../../core/blockKit';

/** Entries may be filed at most this many days back; older memories of time spent are guesses. */
export const MAX_DAYS_BACK = 14;

export type WhenRead = { found: false } | { found: true; localDate: string; written: string; rest: string };

/** A day phrase ends at a space or the end, after at most one punctuation mark (`monday, standup`). */
const END = String.raw`[,.;:]?(?=\s|$)`;
const ORDINAL = '(?:st|nd|rd|th)?';
const PHRASE = {
  today: new RegExp(String.raw`^today${END}`, 'i'),
  yesterday: new RegExp(String.raw`^yesterday${END}`, 'i'),
  future: new RegExp(String.raw`^(?:(?:the\s+)?day\s+after\s+tomorrow|tomorrow|next\s+[a-z]+|in\s+\d+\s+(?:days?|weeks?))${END}`, 'i'),
  notOneDay: new RegExp(String.raw`^(?:last|this|past)\s+(?:week|weekend|month|year|night)${END}`, 'i'),
  weekday: new RegExp(String.raw`^(?:(?<qualifier>last|this)\s+)?(?<name>[a-z]+)${END}`, 'i'),
  ago: new RegExp(String.raw`^(?<count>\d+|an?|one)\s+(?<unit>days?|weeks?)\s+ago${END}`, 'i'),
  iso: new RegExp(String.raw`^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})${END}`),
  numeric: new RegExp(String.raw`^(?:\d{1,4}/\d{1,2}(?:/\d{2,4})?|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?|\d{1,2}-\d{1,2}(?:-\d{2,4})?)${END}`),
  dayMonth: new RegExp(String.raw`^(?<d>\d{1,2})${ORDINAL}\s+(?:of\s+)?(?<month>[a-z]+)\.?(?:\s+(?<y>\d{4}))?${END}`, 'i'),
  monthDay: new RegExp(String.raw`^(?<month>[a-z]+)\.?\s+(?<d>\d{1,2})${ORDINAL}(?:,?\s+(?<y>\d{4}))?${END}`, 'i'),
};
const ON = /^on\s+/i;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `30 nov` without a year: the occurrence nearest today, so `30 dec` typed on 2 January is last year's. */
function nearestDayOfMonth(day: number, month: number, today: string): string | undefined {
  const year = Number(today.slice(0, 4));
  const candidates = [year - 1, year, year + 1]
    .map((y) => `${y}-${pad(month)}-${pad(day)}`)
    .filter(isValidLocalDate);
  return candidates.sort((a, b) => Math.abs(daysBetween(a, today)) - Math.abs(daysBetween(b, today)))[0];
}

/** A date read from words, before the window check; undefined when the text does not start with a date phrase. */
function resolvePhrase(text: string, today: string): { written: string; result: Parsed<string> } | undefined {
  let m: RegExpExecArray | null;
  if ((m = PHRASE.today.exec(text))) return { written: m[0], result: ok(today) };
  if ((m = PHRASE.yesterday.exec(text))) return { written: m[0], result: ok(addLocalDays(today, -1)) };
  if ((m = PHRASE.future.exec(text)) && (!/^next\s/i.test(m[0]) || isFutureWord(m[0].split(/\s+/)[1] ?? ''))) {
    return { written: m[0], result: fail(`${quoteUserInput(m[0])} is in the future (today is ${today} in your time zone); log time once it is spent.`) };
  }
  if ((m = PHRASE.notOneDay.exec(text))) {
    return {
      written: m[0],
      result: fail(`${quoteUserInput(m[0])} is not one day: name the day, like \`yesterday\`, \`last friday\` or \`${addLocalDays(today, -2)}\`.`),
    };
  }
  if ((m = PHRASE.weekday.exec(text))) {
    const weekday = parseWeekday(m.groups?.name ?? '');
    if (weekday !== undefined) {
      const sinceThen = (isoWeekday(today) - weekday + 7) % 7;
      // `friday` on a Friday is today; `last friday` on a Friday is a week ago; `this friday` is in this
      // Monday-to-Sunday week (so in the future on a Wednesday).
      const qualifier = (m.groups?.qualifier ?? '').trim().toLowerCase();
      const back = qualifier === 'this' ? isoWeekday(today) - weekday : qualifier === 'last' && sinceThen === 0 ? 7 : sinceThen;
      return { written: m[0], result: ok(addLocalDays(today, -back)) };
    }
  }
  if ((m = PHRASE.ago.exec(text))) {
    const count = /^\d+$/.test(m.groups?.count ?? '') ? Number(m.groups?.count) : 1;
    const days = (m.groups?.unit ?? '').toLowerCase().startsWith('week') ? count * 7 : count;
    if (days > 36500) {
      // Refused before computing the date: `99999999999 days ago` is before the first day a Date can hold.
      return { written: m[0], result: fail(`${quoteUserInput(m[0])} is too far back; entries can go back at most ${MAX_DAYS_BACK} days (to ${addLocalDays(today, -MAX_DAYS_BACK)}).`) };
    }
    return { written: m[0], result: ok(addLocalDays(today, -days)) };
  }
  if ((m = PHRASE.iso.exec(text))) {
    const date = `${m.groups?.y ?? ''}-${pad(Number(m.groups?.m))}-${pad(Number(m.groups?.d))}`;
    return { written: m[0], result: isValidLocalDate(date) ? ok(date) : fail(`${quoteUserInput(m[0])} is not a real date.`) };
  }
  if ((m = PHRASE.numeric.exec(text))) {
    const [, month = '', day = ''] = /^\d{4}-(\d{2})-(\d{2})$/.exec(today) ?? [];
    return {
      written: m[0],
      result: fail(
        `${quoteUserInput(m[0])} could be day/month or month/day, so I don't guess: write the month as a word, ` +
          `like \`${Number(day)} ${formatDay(today).slice(-3).toLowerCase()}\`, or write \`${today.slice(0, 4)}-${month}-${day}\`.`,
      ),
    };
  }
  for (const form of [PHRASE.dayMonth, PHRASE.monthDay]) {
    m = form.exec(text);
    const month = parseMonth(m?.groups?.month ?? '');
    if (!m || month === undefined) continue;
    const day = Number(m.groups?.d);
    const date = m.groups?.y !== undefined ? `${m.groups.y}-${pad(month)}-${pad(day)}` : nearestDayOfMonth(day, month, today);
    if (date === undefined || !isValidLocalDate(date)) return { written: m[0], result: fail(`${quoteUserInput(m[0])} is not a real date.`) };
    return { written: m[0], result: ok(date) };
  }
  return undefined;
}

/** `next monday`, `next week`: the word after `next` names a time, so the phrase is a (future) date. */
function isFutureWord(word: string): boolean {
  return parseWeekday(word) !== undefined || parseMonth(word) !== undefined || /^(?:week|weekend|month|year|day)$/i.test(word);
}

/**
 * Reads the day phrase at the start of `text` against the manager's local today: `today`, `yesterday`,
 * a weekday (`friday`, `fri`: the most recent one, today's own name meaning today), `last friday` (the
 * most recent one before today), `3 days ago`, `a week ago`, `2026-11-30`, `30 nov`, `nov 30` (the
 * occurrence nearest today), each optionally after `on`. A phrase that is a day but not one that can be
 * logged (`tomorrow`, `next monday`, a future or too-old day, `31 feb`, `30/11`) is refused with the
 * reason; `found: false` means the text does not start with a day at all (it is a note).
 */
export function readWhen(text: string, today: string): Parsed<WhenRead> {
  const start = text.replace(/^\s+/, '');
  const on = ON.exec(start)?.[0] ?? '';
  const phrase = resolvePhrase(start.slice(on.length), today);
  if (!phrase) return ok({ found: false });
  if (!phrase.result.ok) return phrase.result;
  const date = phrase.result.value;
  const shown = /^\d{4}-/.test(phrase.written) ? date : `${quoteUserInput(phrase.written)} (${date})`;
  const back = daysBetween(date, today);
  if (back < 0) return fail(`${shown} is in the future (today is ${today} in your time zone); log time once it is spent.`);
  if (back > MAX_DAYS_BACK) {
    return fail(`${shown} is ${back} days ago; entries can go back at most ${MAX_DAYS_BACK} days (to ${addLocalDays(today, -MAX_DAYS_BACK)}).`);
  }
  const written = on + phrase.written;
  return ok({ found: true, localDate: date, written, rest: start.slice(written.length) });
}

/** A whole text that must be one day (`''` means today). */
export function parseWhen(text: string, today: string): Parsed<string> {
  if (!text.trim()) return ok(today);
  const read = readWhen(text, today);
  if (!read.ok) return read;
  if (read.value.found && !read.value.rest.trim()) return ok(read.value.localDate);
  return fail(
    `I can't read ${quoteUserInput(text)} as a day: use \`today\`, \`yesterday\`, a weekday like \`monday\`, \`3 days ago\`, or a date like \`${today}\`.`,
  );
}

/** The days a manager may log for, today first. */
export function loggableDays(today: string): string[] {
  return Array.from({ length: MAX_DAYS_BACK + 1 }, (_, i) => addLocalDays(today, -i));
}
