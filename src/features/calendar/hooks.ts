import type { KnownBlock } from '@slack/types';

import { CATEGORY_IDS, emptyMinutes, type CategoryMinutes } from '../../core/categories';
import { addLocalDays } from '../../core/dates/localDate';
import { checkInOfferBlocks, noCodeOfferBlocks } from './blocks';
import type { CalendarRepository } from './repository';

/**
 * What other features ask of the calendar, handed to them through their deps (they never import
 * calendar internals). Every answer comes from the database: no feed is read on these paths.
 */
export interface CalendarHooks {
  /** The check-in's "Your calendar says … log it?" blocks for a day; undefined when there is nothing to offer. */
  checkInOffer(userId: string, localDate: string): Promise<KnownBlock[] | undefined>;
  /**
   * For the Monday no-code nudge: `skip` when the calendar already has no-code blocks in the week of
   * `monday`; `offer` blocks (a recurring block as an .ics file) when it is linked and has none;
   * undefined without a linked calendar.
   */
  noCodeWeek(userId: string, monday: string): Promise<{ skip: true } | { skip: false; offer: KnownBlock[] } | undefined>;
  /** Minutes per category the calendar had in a week (local dates from..to); undefined without a linked calendar. */
  weekMinutes(userId: string, from: string, to: string): Promise<CategoryMinutes | undefined>;
}

/** The no-code block the .ics proposes: Tuesdays and Thursdays, 09:00–11:00 in the manager's zone. */
export const NO_CODE_BLOCK = { weekdays: ['TU', 'TH'], start: '09:00', end: '11:00', title: 'No-code block (lead-coach)' } as const;

export function createCalendarHooks(deps: { repos: { calendars: CalendarRepository }; config: { secretKey?: Buffer | undefined } }): CalendarHooks {
  const { calendars } = deps.repos;
  const linked = async (userId: string): Promise<boolean> => Boolean(deps.config.secretKey) && (await calendars.link(userId)) !== undefined;
  return {
    async checkInOffer(userId, localDate) {
      if (!(await linked(userId))) return undefined;
      const day = await calendars.day(userId, localDate);
      if (!day || CATEGORY_IDS.every((c) => day.minutes[c] === 0)) return undefined;
      return checkInOfferBlocks(localDate, day.minutes);
    },
    async noCodeWeek(userId, monday) {
      if (!(await linked(userId))) return undefined;
      const days = await calendars.days(userId, monday, addLocalDays(monday, 6));
      if (days.some((d) => d.noCodeMinutes > 0)) return { skip: true };
      return { skip: false, offer: noCodeOfferBlocks(monday) };
    },
    async weekMinutes(userId, from, to) {
      if (!(await linked(userId))) return undefined;
      const days = await calendars.days(userId, from, to);
      if (days.length === 0) return undefined;
      const total = emptyMinutes();
      for (const d of days) for (const c of CATEGORY_IDS) total[c] += d.minutes[c];
      return total;
    },
  };
}

/** The recurring no-code block as an iCal file, in the manager's zone, starting the week of `monday`. */
export function noCodeBlockIcs(zone: string, monday: string, stamp: Date, uid: string): string {
  const firstTuesday = addLocalDays(monday, 1).replace(/-/g, '');
  const time = (t: string): string => `${t.replace(':', '')}00`;
  const utc = stamp.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//lead-coach//no-code block//EN',
    'METHOD:PUBLISH',
    `X-WR-TIMEZONE:${zone}`,
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${utc}`,
    `DTSTART;TZID=${zone}:${firstTuesday}T${time(NO_CODE_BLOCK.start)}`,
    `DTEND;TZID=${zone}:${firstTuesday}T${time(NO_CODE_BLOCK.end)}`,
    `RRULE:FREQ=WEEKLY;BYDAY=${NO_CODE_BLOCK.weekdays.join(',')}`,
    `SUMMARY:${NO_CODE_BLOCK.title}`,
    'DESCRIPTION:Time for the work only you can do as a manager: no coding\\, no reviews. Suggested by lead-coach.',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
