import { addLocalDays, daysBetween, isValidLocalDate, isoWeekday, parseWeekday } from '../../../core/dates/localDate';
import { fail, ok, type Parsed } from '../../../core/result';
import { quoteUserInput } from '../../../core/blockKit';

/** Entries may be filed at most this many days back; older memories of time spent are guesses. */
export const MAX_DAYS_BACK = 14;

/** True when a word is meant as a day (so it is read as `when`, not as the start of the note). */
export function looksLikeWhen(word: string): boolean {
  const w = word.toLowerCase();
  return w === 'today' || w === 'yesterday' || parseWeekday(w) !== undefined || /^\d{4}-\d{1,2}-\d{1,2}$/.test(w);
}

/**
 * Resolves `today`, `yesterday`, a weekday name or `YYYY-MM-DD` against the manager's local today.
 * A weekday name means the most recent such day, and today's own name means today: on a Friday,
 * `friday` is today, not a week ago (the way people speak about the day they are in).
 */
export function parseWhen(word: string, today: string): Parsed<string> {
  const w = word.trim().toLowerCase();
  const shown = quoteUserInput(word);
  const weekday = parseWeekday(w);
  let date: string;
  if (w === '' || w === 'today') date = today;
  else if (w === 'yesterday') date = addLocalDays(today, -1);
  else if (weekday !== undefined) {
    date = addLocalDays(today, -((isoWeekday(today) - weekday + 7) % 7));
  } else if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(w)) {
    const [y, m, d] = w.split('-');
    date = `${y}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
    if (!isValidLocalDate(date)) return fail(`${shown} is not a real date.`);
  } else {
    return fail(`I can't read ${shown} as a day: use \`today\`, \`yesterday\`, a weekday like \`monday\`, or a date like \`${today}\`.`);
  }
  const back = daysBetween(date, today);
  if (back < 0) return fail(`${date} is in the future (today is ${today} in your time zone); log time once it is spent.`);
  if (back > MAX_DAYS_BACK) {
    return fail(`${date} is ${back} days ago; entries can go back at most ${MAX_DAYS_BACK} days (to ${addLocalDays(today, -MAX_DAYS_BACK)}).`);
  }
  return ok(date);
}

/** The days a manager may log for, today first. */
export function loggableDays(today: string): string[] {
  return Array.from({ length: MAX_DAYS_BACK + 1 }, (_, i) => addLocalDays(today, -i));
}
