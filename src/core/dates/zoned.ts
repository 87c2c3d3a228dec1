import { TZDate } from '@date-fns/tz';

import { addLocalDays, daysBetween, formatDay, isoWeekday, isValidLocalDate } from './localDate';

// Calendar arithmetic on local dates is shared with the time log (src/core/dates/localDate.ts).
export { daysBetween };
export const addDays = addLocalDays;
export const weekdayOf = isoWeekday;
export const isRealDate = isValidLocalDate;

/**
 * Wall-clock arithmetic in IANA zones. Dates are local `YYYY-MM-DD` strings and times local `HH:MM`;
 * only the conversion to and from instants touches the zone database (via @date-fns/tz), so
 * daylight-saving changes, half-hour zones and the date line are handled in one place.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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
  const [y, m, d] = splitDate(date);
  const minutes = parseClock(time);
  if (minutes === undefined) throw new Error(`Not an HH:MM time: ${time}`);
  const ms = +new TZDate(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, 0, zone);
  cache?.set(cacheKey, ms);
  return new Date(ms);
}

function splitDate(date: string): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`Not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The Monday of the ISO week `date` is in. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
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

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function weekdayName(isoWeekday: number): string {
  return WEEKDAY_NAMES[isoWeekday - 1] ?? '?';
}

/** `Mon 16 Nov` */
export const formatDate = formatDay;

/** `Mon 16 Nov, 09:00` in the given zone. */
export function formatLocal(instant: Date, zone: string): string {
  const l = localMoment(instant, zone);
  return `${formatDate(l.date)}, ${formatClock(l.minutes)}`;
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
