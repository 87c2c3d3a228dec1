import { TZDate } from '@date-fns/tz';

/**
 * The one dates and zones module. Dates are local `YYYY-MM-DD` strings and times local `HH:MM`:
 * entries and nudges belong to the manager's local day and week, so these strings, not instants,
 * decide which day time belongs to. Only the conversion to and from instants touches the zone
 * database (via @date-fns/tz), so daylight-saving changes, half-hour zones and the date line are
 * handled in one place.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_SHORT = MONTH_NAMES.map((name) => name.slice(0, 3));

/** The local date in `timeZone` at `instant`. */
export function localDateIn(instant: Date, timeZone: string): string {
  return localMoment(instant, timeZone).date;
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
  return `${weekdayName(isoWeekday(localDate), 'short')} ${d.getUTCDate()} ${MONTH_SHORT[d.getUTCMonth()] ?? ''}`;
}

/** `Monday` (long) or `Mon` (short) for an ISO weekday, 1 = Monday. */
export function weekdayName(isoDay: number, style: 'long' | 'short'): string {
  const name = WEEKDAY_NAMES[isoDay - 1];
  if (!name) return String(isoDay);
  return style === 'long' ? name : name.slice(0, 3);
}

/** Reads a weekday name or its usual abbreviation (`mon`, `tues`, `thursday`...). */
export function parseWeekday(word: string): number | undefined {
  const w = word.trim().toLowerCase();
  if (w.length < 2) return undefined;
  const index = WEEKDAY_NAMES.findIndex((name) => {
    const n = name.toLowerCase();
    return n === w || (w.length >= 3 && n.startsWith(w));
  });
  return index === -1 ? undefined : index + 1;
}

/** Reads a month name or its usual abbreviation (`nov`, `sept`, `November`...): 1 = January. */
export function parseMonth(word: string): number | undefined {
  const w = word.trim().toLowerCase();
  if (w.length < 3) return undefined;
  const index = MONTH_NAMES.findIndex((name) => {
    const n = name.toLowerCase();
    return n === w || (w.length <= 4 && n.startsWith(w));
  });
  return index === -1 ? undefined : index + 1;
}

/** The Monday of the ISO week `date` is in. */
export function mondayOf(date: string): string {
  return addLocalDays(date, 1 - isoWeekday(date));
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
  const start = addLocalDays(mondayOf(localDateIn(instant, timeZone)), -7 * weeksBack);
  return { start, end: addLocalDays(start, 6) };
}

/** The Monday–Sunday week a local date belongs to. */
export function weekOfLocalDate(localDate: string): WeekRange {
  const start = mondayOf(localDate);
  return { start, end: addLocalDays(start, 6) };
}

/** `Mon 16 – Sun 22 Nov` */
export function formatWeek(week: WeekRange): string {
  return `${formatDay(week.start)} – ${formatDay(week.end)}`;
}

export interface LocalMoment {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The wall-clock date, time and weekday in `zone` at `instant`. */
export function localMoment(instant: Date, zone: string): LocalMoment {
  const t = new TZDate(instant.getTime(), zone);
  const day = t.getDay();
  return {
    date: `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`,
    minutes: t.getHours() * 60 + t.getMinutes(),
    weekday: day === 0 ? 7 : day,
  };
}

/**
 * The instant when the wall clock in `zone` shows `time` on `date`. A time that does not exist
 * (skipped by a spring-forward change) lands on the same wall time after the jump, e.g. 02:30 → 03:30.
 * `cache` lets a tick share the conversion between managers in the same zone.
 */
export function zonedInstant(date: string, time: string, zone: string, cache?: Map<string, number>): Date {
  const cacheKey = `${zone}|${date}|${time}`;
  const cached = cache?.get(cacheKey);
  if (cached !== undefined) return new Date(cached);
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`Not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const minutes = parseClock(time);
  if (minutes === undefined) throw new Error(`Not an HH:MM time: ${time}`);
  const ms = +new TZDate(y, mo - 1, d, Math.floor(minutes / 60), minutes % 60, 0, zone);
  cache?.set(cacheKey, ms);
  return new Date(ms);
}

/** Minutes since midnight for a valid `HH:MM` (00:00–23:59), otherwise undefined. */
export function parseClock(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return h * 60 + min;
}

export function formatClock(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** `Mon 16 Nov, 09:00` in the given zone. */
export function formatLocal(instant: Date, zone: string): string {
  const l = localMoment(instant, zone);
  return `${formatDay(l.date)}, ${formatClock(l.minutes)}`;
}

/** True when the runtime's zone database knows `zone` (any case, any alias). */
export function isValidTimeZone(zone: string): boolean {
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  // Building a formatter costs tens of microseconds and every request checks its manager's zone.
  if (zoneValidity.size >= MAX_REMEMBERED_ZONES) zoneValidity.clear();
  zoneValidity.set(zone, valid);
  return valid;
}

const MAX_REMEMBERED_ZONES = 1000;
const zoneValidity = new Map<string, boolean>();

/**
 * The zone a user typed, as lead-coach stores it: an IANA `Area/City` name (or `UTC`) with its case
 * fixed (europe/berlin → Europe/Berlin), or undefined when it is not one. ICU's renames are not
 * applied: `Asia/Kolkata` stays `Asia/Kolkata` (ICU would store the old `Asia/Calcutta`).
 */
export function normaliseTimeZone(input: string): string | undefined {
  const zone = input.trim();
  if (zone.toUpperCase() === 'UTC') return 'UTC';
  if (/\s/.test(zone) || !zone.includes('/') || !isValidTimeZone(zone)) return undefined;
  return Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === zone.toLowerCase()) ?? zone;
}
