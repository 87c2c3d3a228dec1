import { addLocalDays, isoWeekday, localDateIn, weekOfLocalDate, zonedInstant, type WeekRange } from '../../../core/dates/localDate';

export type Week = WeekRange;

/** The week before the one `localDate` falls in. */
export function previousWeekOf(localDate: string): Week {
  return weekOfLocalDate(addLocalDays(localDate, -7));
}

/** `count` consecutive weeks ending with `last`, oldest first. */
export function weeksEndingWith(last: Week, count: number): Week[] {
  const weeks: Week[] = [];
  for (let i = count - 1; i >= 0; i--) weeks.push(weekOfLocalDate(addLocalDays(last.start, -7 * i)));
  return weeks;
}

/** A weekly send that is due: the week it summarises and the instant it was scheduled for. */
export interface DueWeek {
  week: Week;
  dueAt: Date;
}

/**
 * A summary goes out on Monday at `hhmm` local time, for the Monday-to-Sunday week before.
 * A run any time later that Monday (local) still catches up, e.g. after a restart; from
 * Tuesday on the week is no longer due, so nobody gets last week's summary mid-week.
 */
export function dueWeeklySend(now: Date, zone: string, hhmm: string): DueWeek | undefined {
  const today = localDateIn(now, zone);
  if (isoWeekday(today) !== 1) return undefined;
  const dueAt = zonedInstant(today, hhmm, zone);
  if (now.getTime() < dueAt.getTime()) return undefined;
  return { week: previousWeekOf(today), dueAt };
}
