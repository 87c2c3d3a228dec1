import { effectiveRule, NUDGES, type NudgeId, type NudgeOverride } from '../catalog';
import { addLocalDays, daysBetween, formatClock, isoWeekday, localMoment, mondayOf, parseClock, zonedInstant } from '../../../core/dates/localDate';

/** What the schedule of one manager depends on. */
export interface NudgeProfile {
  userId: string;
  timeZone: string;
  /** ISO weekdays, 1 = Monday. */
  workingDays: readonly number[];
  workStart: string;
  workEnd: string;
  enrolledAt: Date;
  oneOnOnes: readonly OneOnOneSchedule[];
  /** The manager's own times and days, per nudge. */
  overrides?: ReadonlyMap<NudgeId, NudgeOverride>;
  /** Workspace holidays (local YYYY-MM-DD): no nudge comes on them. */
  holidays?: ReadonlySet<string>;
}

export interface OneOnOneSchedule {
  id: number;
  reportUserId: string;
  weekday: number;
  time: string;
  cadence: 'weekly' | 'biweekly';
  /** Local date of the first meeting; biweekly meetings fall every 14 days from it. */
  anchorDate: string;
}

/** Whether and how a manager wants nudges right now. */
export interface NudgePreferences {
  nudgesEnabled: boolean;
  /** Local YYYY-MM-DD, inclusive. */
  pausedUntil: string | null;
  optedOut: ReadonlySet<NudgeId>;
  unreachable: boolean;
}

export interface Occurrence {
  /** Unique per manager, nudge and occurrence: the delivery key. */
  key: string;
  nudgeId: NudgeId;
  userId: string;
  dueAt: Date;
  /** The local date and time the nudge is due on, in `timeZone`. */
  localDate: string;
  localTime: string;
  timeZone: string;
  oneOnOne?: { id: number; reportUserId: string; meetingDate: string; meetingTime: string; meetingAt: string };
}

/** A late occurrence (bot was down) still goes out this long after it was due, whatever the day rules say. */
export const ON_TIME_GRACE_MS = 5 * 60_000;

export type Suppression = 'nudges-off' | 'paused' | 'opted-out' | 'unreachable';

export function occurrenceKey(nudgeId: NudgeId, userId: string, period: string): string {
  return `nudge:${nudgeId}:${userId}:${period}`;
}

/** A working day of the manager that is not a workspace holiday. */
export function isWorkingDay(profile: Pick<NudgeProfile, 'workingDays' | 'holidays'>, date: string): boolean {
  return profile.workingDays.includes(isoWeekday(date)) && !profile.holidays?.has(date);
}

/**
 * Quiet hours: a nudge set before the working day starts moves to its start; one set at or after
 * its end moves to 30 minutes before the end, so nothing arrives in the evening or at night.
 */
export function clampToWorkingHours(profile: Pick<NudgeProfile, 'workStart' | 'workEnd'>, time: string): string {
  const start = parseClock(profile.workStart) ?? 9 * 60;
  const end = parseClock(profile.workEnd) ?? 18 * 60;
  const t = parseClock(time) ?? start;
  if (t < start) return formatClock(start);
  if (t >= end) return formatClock(Math.max(start, end - 30));
  return formatClock(t);
}

/** First working day from `from` to `until` inclusive, if any. */
function firstWorkingDay(profile: NudgeProfile, from: string, until: string): string | undefined {
  for (let d = from; daysBetween(d, until) >= 0; d = addLocalDays(d, 1)) if (isWorkingDay(profile, d)) return d;
  return undefined;
}

function make(
  profile: NudgeProfile,
  nudgeId: NudgeId,
  period: string,
  date: string,
  time: string,
  cache?: Map<string, number>,
): Occurrence {
  return {
    key: occurrenceKey(nudgeId, profile.userId, period),
    nudgeId,
    userId: profile.userId,
    dueAt: zonedInstant(date, time, profile.timeZone, cache),
    localDate: date,
    localTime: time,
    timeZone: profile.timeZone,
  };
}

/** The catalog's nudge that comes before each 1:1, with its lead time. */
const BEFORE_MEETING = ((): { id: NudgeId; minutesBefore: number } => {
  for (const n of NUDGES) if (n.rule.kind === 'before-one-on-one') return { id: n.id, minutesBefore: n.rule.minutesBefore };
  throw new Error('The nudge catalog has no before-one-on-one nudge');
})();

/** A prep that cannot come before the meeting on its day comes this long before the end of the previous working day. */
const PREVIOUS_DAY_PREP_MINUTES_BEFORE_END = 60;

/** The working day a week-slot on `weekday` falls on in the week of `date`: that day, or the first working day after it that week. */
function weekSlot(profile: NudgeProfile, date: string, weekday: number): string | undefined {
  const monday = mondayOf(date);
  return firstWorkingDay(profile, addLocalDays(monday, weekday - 1), addLocalDays(monday, 6));
}

/** The once-only nudge (the manager README): the first week-slot after enrolment whose time is still ahead. */
function onceOccurrence(profile: NudgeProfile, nudgeId: NudgeId, weekday: number, time: string, cache?: Map<string, number>): Occurrence | undefined {
  const enrolledOn = localMoment(profile.enrolledAt, profile.timeZone).date;
  for (let week = 0; week < 3; week++) {
    const d = weekSlot(profile, addLocalDays(enrolledOn, week * 7), weekday);
    if (!d || daysBetween(enrolledOn, d) < 0) continue;
    const occ = make(profile, nudgeId, 'first-week', d, time, cache);
    if (occ.dueAt.getTime() > profile.enrolledAt.getTime()) return occ;
  }
  return undefined;
}

/** Every non-1:1 occurrence whose local date is `date`. */
function occurrencesOnDate(profile: NudgeProfile, date: string, cache?: Map<string, number>): Occurrence[] {
  if (!isWorkingDay(profile, date)) return [];
  const out: Occurrence[] = [];
  for (const nudge of NUDGES) {
    const rule = effectiveRule(nudge.rule, profile.overrides?.get(nudge.id));
    switch (rule.kind) {
      case 'weekly':
        if (weekSlot(profile, date, rule.weekday) === date) {
          out.push(make(profile, nudge.id, mondayOf(date), date, clampToWorkingHours(profile, rule.time), cache));
        }
        break;
      case 'days':
        if (rule.weekdays.includes(isoWeekday(date))) out.push(make(profile, nudge.id, date, date, clampToWorkingHours(profile, rule.time), cache));
        break;
      case 'monthly': {
        // The first week-slot whose date is in this month: the week of the 1st, or the next one.
        const month = date.slice(0, 7);
        const first = `${month}-01`;
        const slot = [weekSlot(profile, first, rule.weekday), weekSlot(profile, addLocalDays(first, 7), rule.weekday)].find((d) => d?.startsWith(month));
        if (slot === date) out.push(make(profile, nudge.id, month, date, clampToWorkingHours(profile, rule.time), cache));
        break;
      }
      case 'first-week': {
        const occ = onceOccurrence(profile, nudge.id, rule.weekday, clampToWorkingHours(profile, rule.time), cache);
        if (occ?.localDate === date) out.push(occ);
        break;
      }
      case 'before-one-on-one':
        break;
    }
  }
  return out;
}

export function isMeetingDate(o: OneOnOneSchedule, date: string): boolean {
  if (isoWeekday(date) !== o.weekday) return false;
  const since = daysBetween(o.anchorDate, date);
  if (since < 0) return false;
  return o.cadence === 'weekly' || since % 14 === 0;
}

/**
 * The prep nudge for a meeting: the catalog's lead time (60 minutes) before it, or at the start of working hours when that is
 * later; a meeting at or before the start of the working day gets its prep an hour before the end of
 * the previous working day instead (never at night).
 */
export function prepOccurrence(
  profile: NudgeProfile,
  o: OneOnOneSchedule,
  meetingDate: string,
  cache?: Map<string, number>,
): Occurrence {
  const meeting = parseClock(o.time) ?? 0;
  const start = parseClock(profile.workStart) ?? 9 * 60;
  const end = parseClock(profile.workEnd) ?? 18 * 60;
  let date = meetingDate;
  let prep = Math.max(meeting - BEFORE_MEETING.minutesBefore, start);
  if (prep >= meeting) {
    date = addLocalDays(meetingDate, -1);
    for (let i = 0; i < 7 && !isWorkingDay(profile, date); i++) date = addLocalDays(date, -1);
    prep = Math.max(start, end - PREVIOUS_DAY_PREP_MINUTES_BEFORE_END);
  }
  const time = formatClock(prep);
  return {
    key: occurrenceKey(BEFORE_MEETING.id, profile.userId, `${o.reportUserId}:${meetingDate}`),
    nudgeId: BEFORE_MEETING.id,
    userId: profile.userId,
    dueAt: zonedInstant(date, time, profile.timeZone, cache),
    localDate: date,
    localTime: time,
    timeZone: profile.timeZone,
    oneOnOne: {
      id: o.id,
      reportUserId: o.reportUserId,
      meetingDate,
      meetingTime: o.time,
      meetingAt: zonedInstant(meetingDate, o.time, profile.timeZone, cache).toISOString(),
    },
  };
}

/** clampToWorkingHours on minutes since midnight. */
function clampMinutes(start: number, end: number, time: number): number {
  if (time < start) return start;
  if (time >= end) return Math.max(start, end - 30);
  return time;
}

/**
 * The local clock times (minutes since midnight) at which any of this manager's nudges can be
 * due: each nudge's time kept inside working hours, and for each 1:1 the two times its prep can take.
 */
function possibleLocalTimes(profile: NudgeProfile): number[] {
  const start = parseClock(profile.workStart) ?? 9 * 60;
  const end = parseClock(profile.workEnd) ?? 18 * 60;
  const times: number[] = [];
  for (const nudge of NUDGES) {
    const rule = effectiveRule(nudge.rule, profile.overrides?.get(nudge.id));
    if (rule.kind !== 'before-one-on-one') times.push(clampMinutes(start, end, parseClock(rule.time) ?? start));
  }
  if (profile.oneOnOnes.length > 0) {
    times.push(Math.max(start, end - PREVIOUS_DAY_PREP_MINUTES_BEFORE_END));
    for (const o of profile.oneOnOnes) times.push(Math.max((parseClock(o.time) ?? 0) - BEFORE_MEETING.minutesBefore, start));
  }
  return times;
}

/** The wall clock in `zone` at `instant`, as minutes since 1970-01-01 00:00 of that clock. */
function localClockMinutes(instant: number, zone: string): number {
  const local = localMoment(new Date(instant), zone);
  return daysBetween('1970-01-01', local.date) * 1440 + local.minutes;
}

/** Beyond this, a window is planned in full without the quick check below. */
const QUICK_CHECK_MAX_WINDOW_MS = 6 * 60 * 60_000;
/** A clock change this close to the window sends it to the full planning (its wall clock is not a plain shift there). */
const CLOCK_CHANGE_MARGIN_MS = 3 * 60 * 60_000;

/**
 * The window's wall clock in `zone` as [first, last] minutes (see localClockMinutes), or undefined
 * when a clock change is near. Managers in one zone share it through the tick's `cache`.
 */
function wallClockWindow(zone: string, from: number, to: number, cache?: Map<string, number>): { first: number; last: number } | undefined {
  const key = `window|${zone}|${from}|${to}`;
  const cachedFirst = cache?.get(key);
  if (cachedFirst !== undefined) {
    return Number.isNaN(cachedFirst) ? undefined : { first: cachedFirst, last: cache?.get(`${key}|last`) ?? Number.POSITIVE_INFINITY };
  }
  const offsetAt = (instant: number) => localClockMinutes(instant, zone) - Math.floor(instant / 60_000);
  const offset = offsetAt(from);
  const steady = [from - CLOCK_CHANGE_MARGIN_MS, to, to + CLOCK_CHANGE_MARGIN_MS].every((at) => offsetAt(at) === offset);
  const window = steady ? { first: localClockMinutes(from, zone), last: localClockMinutes(to, zone) } : undefined;
  cache?.set(key, window ? window.first : Number.NaN);
  if (window) cache?.set(`${key}|last`, window.last);
  return window;
}

/**
 * False only when nothing can be due in the window: none of the manager's possible local times
 * falls on the window's wall clock. A tick looks at one minute per manager, so this spares nearly
 * every manager the full calendar work. Near a clock change, or for a long window, it answers true.
 */
function anythingPossiblyDue(profile: NudgeProfile, from: Date, to: Date, cache?: Map<string, number>): boolean {
  if (to.getTime() - from.getTime() > QUICK_CHECK_MAX_WINDOW_MS) return true;
  const window = wallClockWindow(profile.timeZone, from.getTime(), to.getTime(), cache);
  if (!window) return true;
  for (const time of possibleLocalTimes(profile)) {
    // The first day at or after `first` on which `time` comes, and whether it comes by `last`.
    const dayStart = Math.ceil((window.first - time) / 1440) * 1440;
    if (dayStart + time <= window.last) return true;
  }
  return false;
}

/** Every occurrence due in the window (after `from`, up to and including `to`), earliest first. */
export function occurrencesBetween(
  profile: NudgeProfile,
  from: Date,
  to: Date,
  cache?: Map<string, number>,
): Occurrence[] {
  if (to.getTime() <= from.getTime()) return [];
  if (!anythingPossiblyDue(profile, from, to, cache)) return [];
  const first = localMoment(from, profile.timeZone).date;
  const last = localMoment(to, profile.timeZone).date;
  const inWindow = (o: Occurrence): boolean => o.dueAt.getTime() > from.getTime() && o.dueAt.getTime() <= to.getTime();
  const out: Occurrence[] = [];
  for (let d = first; daysBetween(d, last) >= 0; d = addLocalDays(d, 1)) {
    for (const o of occurrencesOnDate(profile, d, cache)) if (inWindow(o)) out.push(o);
  }
  // A prep can fall on the working day before its meeting, so look one week ahead of the window.
  for (const o of profile.oneOnOnes) {
    for (let d = first; daysBetween(d, addLocalDays(last, 7)) >= 0; d = addLocalDays(d, 1)) {
      if (!isMeetingDate(o, d) || profile.holidays?.has(d)) continue;
      const prep = prepOccurrence(profile, o, d, cache);
      if (inWindow(prep)) out.push(prep);
    }
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key));
}

/** The next occurrence of a nudge after `after` (within about two months), for the settings view. */
export function nextOccurrence(profile: NudgeProfile, nudgeId: NudgeId, after: Date): Occurrence | undefined {
  const cache = new Map<string, number>();
  const start = localMoment(after, profile.timeZone).date;
  for (let week = 0; week < 10; week++) {
    const from = week === 0 ? after : zonedInstant(addLocalDays(start, week * 7), '00:00', profile.timeZone, cache);
    const to = zonedInstant(addLocalDays(start, (week + 1) * 7), '00:00', profile.timeZone, cache);
    const found = occurrencesBetween(profile, from, to, cache).find((o) => o.nudgeId === nudgeId);
    if (found) return found;
  }
  return undefined;
}

/** Why an occurrence must not be sent to this manager, if it must not. */
export function suppression(prefs: NudgePreferences, occ: Pick<Occurrence, 'nudgeId' | 'localDate'>): Suppression | undefined {
  if (prefs.unreachable) return 'unreachable';
  if (!prefs.nudgesEnabled) return 'nudges-off';
  if (prefs.pausedUntil && occ.localDate <= prefs.pausedUntil) return 'paused';
  if (prefs.optedOut.has(occ.nudgeId)) return 'opted-out';
  return undefined;
}

/**
 * The late-send rule. On time (within a few minutes) always sends. Later, because the bot was
 * down, it still sends while the same local working day is going on (before the end of working
 * hours, and for a 1:1 prep before the meeting starts); otherwise the occurrence is missed.
 */
export function lateDecision(profile: NudgeProfile, occ: Occurrence, now: Date): 'send' | 'missed' {
  const lateBy = now.getTime() - occ.dueAt.getTime();
  if (lateBy <= ON_TIME_GRACE_MS) return 'send';
  if (occ.oneOnOne) return now.getTime() < Date.parse(occ.oneOnOne.meetingAt) ? 'send' : 'missed';
  return stillSendable(profile, occ.dueAt, now) ? 'send' : 'missed';
}

/** A nudge due at `dueAt` still goes out at `now` when on time, or late but inside that same local working day. */
export function stillSendable(profile: Pick<NudgeProfile, 'timeZone' | 'workEnd'>, dueAt: Date, now: Date): boolean {
  if (now.getTime() - dueAt.getTime() <= ON_TIME_GRACE_MS) return true;
  const local = localMoment(now, profile.timeZone);
  const end = parseClock(profile.workEnd) ?? 18 * 60;
  return local.date === localMoment(dueAt, profile.timeZone).date && local.minutes < end;
}

/** The first meeting date for a new 1:1: the next such weekday whose meeting time is still ahead. */
export function firstMeetingDate(weekday: number, time: string, now: Date, timeZone: string): string {
  const today = localMoment(now, timeZone).date;
  for (let i = 0; i < 8; i++) {
    const d = addLocalDays(today, i);
    if (isoWeekday(d) === weekday && zonedInstant(d, time, timeZone).getTime() > now.getTime()) return d;
  }
  return addLocalDays(today, 7);
}

/** The next meeting of a 1:1 at or after `now` (for list and agenda replies). */
export function nextMeeting(o: OneOnOneSchedule, now: Date, timeZone: string): { date: string; at: Date } {
  const today = localMoment(now, timeZone).date;
  for (let i = 0; i < 22; i++) {
    const d = addLocalDays(today, i);
    if (!isMeetingDate(o, d)) continue;
    const at = zonedInstant(d, o.time, timeZone);
    if (at.getTime() > now.getTime()) return { date: d, at };
  }
  return { date: o.anchorDate, at: zonedInstant(o.anchorDate, o.time, timeZone) };
}

/** Start of the next working day after `date` (local), as an instant. */
export function nextWorkingDayStart(profile: NudgeProfile, date: string): Date {
  let d = addLocalDays(date, 1);
  for (let i = 0; i < 7 && !isWorkingDay(profile, d); i++) d = addLocalDays(d, 1);
  return zonedInstant(d, profile.workStart, profile.timeZone);
}

/**
 * When a snoozed nudge comes back. "1 hour" is an hour from now, unless that falls outside working
 * hours, when it moves to the start of the next working day; "tomorrow" is the start of the next working day.
 */
export function snoozeUntil(profile: NudgeProfile, now: Date, how: 'hour' | 'tomorrow'): Date {
  const today = localMoment(now, profile.timeZone).date;
  if (how === 'tomorrow') return nextWorkingDayStart(profile, today);
  return nextWorkingMoment(profile, new Date(now.getTime() + 60 * 60_000));
}

/** `at` when it is inside working hours on a working day, else the start of the next working hours. */
export function nextWorkingMoment(profile: NudgeProfile, at: Date): Date {
  const local = localMoment(at, profile.timeZone);
  const start = parseClock(profile.workStart) ?? 9 * 60;
  const end = parseClock(profile.workEnd) ?? 18 * 60;
  if (isWorkingDay(profile, local.date) && local.minutes >= start && local.minutes < end) return at;
  if (isWorkingDay(profile, local.date) && local.minutes < start) return zonedInstant(local.date, profile.workStart, profile.timeZone);
  return nextWorkingDayStart(profile, local.date);
}
