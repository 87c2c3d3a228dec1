import { TZDate } from '@date-fns/tz';
// One module per function: the date-fns index loads all ~250 of them (~200 ms at start).
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { startOfWeek } from 'date-fns/startOfWeek';

/**
 * Calendar arithmetic on local dates written `YYYY-MM-DD`. Entries are filed under the local
 * date of the manager's zone, so these strings, not instants, decide which day and week time belongs to.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The local date in `timeZone` at `instant`. */
export function localDateIn(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd');
}

/** True for a real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isValidLocalDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function toUtcMidnight(localDate: string): number {
  const m = ISO_DATE.exec(localDate);
  if (!m) throw new Error(`Not a YYYY-MM-DD date: ${localDate}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function addLocalDays(localDate: string, days: number): string {
  return new Date(toUtcMidnight(localDate) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / DAY_MS);
}

/** ISO weekday of a local date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(localDate: string): number {
  const day = new Date(toUtcMidnight(localDate)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** `Wed 18 Nov` */
export function formatDay(localDate: string): string {
  const d = new Date(toUtcMidnight(localDate));
  return `${WEEKDAY_SHORT[isoWeekday(localDate) - 1] ?? ''} ${d.getUTCDate()} ${MONTH_SHORT[d.getUTCMonth()] ?? ''}`;
}

export function weekdayName(isoDay: number): string {
  return WEEKDAY_SHORT[isoDay - 1] ?? String(isoDay);
}

export interface WeekRange {
  /** Local Monday, YYYY-MM-DD. */
  start: string;
  /** Local Sunday, YYYY-MM-DD. */
  end: string;
}

/**
 * The Monday–Sunday week in the manager's zone that contains `instant`, moved back
 * `weeksBack` weeks (0 = this week, 1 = last week).
 */
export function weekInZone(instant: Date, timeZone: string, weeksBack = 0): WeekRange {
  const monday = startOfWeek(new TZDate(instant.getTime(), timeZone), { weekStartsOn: 1 });
  const start = addDays(monday, -7 * weeksBack);
  return { start: format(start, 'yyyy-MM-dd'), end: format(addDays(start, 6), 'yyyy-MM-dd') };
}

/** The Monday–Sunday week a local date belongs to. */
export function weekOfLocalDate(localDate: string): WeekRange {
  const start = addLocalDays(localDate, 1 - isoWeekday(localDate));
  return { start, end: addLocalDays(start, 6) };
}

/** `Mon 16 – Sun 22 Nov` */
export function formatWeek(week: WeekRange): string {
  return `${formatDay(week.start)} – ${formatDay(week.end)}`;
}
