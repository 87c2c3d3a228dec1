import { createHash } from 'node:crypto';

import ICAL from 'ical.js';

import { isValidTimeZone, zonedInstant } from '../../core/dates/localDate';
import { quoteUserInput } from '../../core/blockKit';
import { fail, ok, type Parsed } from '../../core/result';

/** One occurrence of an event in the read window, in absolute time. */
export interface FeedEvent {
  /** The series' UID, hashed (UIDs can carry e-mail addresses). */
  seriesUid: string;
  title: string;
  start: Date;
  end: Date;
  /** All-day (DATE) events: holidays, out of office. They count as events, not as minutes. */
  allDay: boolean;
  /** People invited, rooms and resources not counted; 0 when the event lists none. */
  attendees: number;
  /** Recurrence of the series: weekly or every other week when the RRULE says so. */
  recurrence: 'weekly' | 'biweekly' | 'other' | 'none';
}

export interface ParsedFeed {
  events: FeedEvent[];
  /** The calendar's own address when the feed names it (Google: X-WR-CALNAME), to find the owner's answer. */
  owner: string | undefined;
}

/** Occurrences of one series looked at, at most: a hostile RRULE cannot spin for ever. */
const MAX_OCCURRENCES_PER_SERIES = 5000;

/** A sentence for the manager when the text is not a calendar; undefined when it may be one. */
function notACalendar(text: string): string | undefined {
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 200);
  if (/^</.test(head)) {
    return 'That address answered with a web page (HTML), not a calendar feed. Copy the iCal (.ics) address itself, not the address of the calendar page.';
  }
  if (!/^BEGIN:VCALENDAR/i.test(head)) {
    return 'That address did not answer with an iCal feed (it should start with BEGIN:VCALENDAR). Check that you copied the iCal (.ics) address.';
  }
  return undefined;
}

function hashUid(uid: string): string {
  return createHash('sha256').update(uid).digest('base64url').slice(0, 22);
}

/**
 * Absolute time of an ICAL.Time whose property named `tzid`: by IANA name when it is one, else by the
 * feed's VTIMEZONE of that name; UTC as is; floating times (and unknown zones) in `zone`, the manager's.
 */
/** Zone names already checked (building an Intl formatter per occurrence was most of a year's parse). */
const knownZones = new Map<string, boolean>();
function isIanaZone(tzid: string): boolean {
  let known = knownZones.get(tzid);
  if (known === undefined) {
    known = isValidTimeZone(tzid);
    if (knownZones.size < 1000) knownZones.set(tzid, known);
  }
  return known;
}

function instantOf(t: ICAL.Time, tzid: string | undefined, zone: string): Date {
  if (t.isDate) return zonedInstant(dateOf(t), '00:00', zone);
  if (t.zone === ICAL.Timezone.utcTimezone) {
    return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
  }
  if (tzid && isIanaZone(tzid)) return zonedInstant(dateOf(t), clockOf(t), tzid);
  if (tzid && t.zone?.tzid === tzid) return new Date(t.toUnixTime() * 1000);
  return zonedInstant(dateOf(t), clockOf(t), zone);
}

function tzidOf(component: ICAL.Component, property: 'dtstart' | 'dtend'): string | undefined {
  const prop = component.getFirstProperty(property) ?? component.getFirstProperty('dtstart');
  const tzid = prop?.getParameter('tzid');
  return typeof tzid === 'string' && tzid ? tzid : undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function dateOf(t: ICAL.Time): string {
  return `${String(t.year).padStart(4, '0')}-${pad(t.month)}-${pad(t.day)}`;
}

function clockOf(t: ICAL.Time): string {
  return `${pad(t.hour)}:${pad(t.minute)}`;
}

/** Whether this occurrence counts: not cancelled, not declined by the calendar's owner. */
function counts(component: ICAL.Component, owner: string | undefined): boolean {
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  if (status === 'CANCELLED') return false;
  if (!owner) return true;
  for (const attendee of component.getAllProperties('attendee')) {
    const address = String(attendee.getFirstValue() ?? '').replace(/^mailto:/i, '').toLowerCase();
    if (address === owner && String(attendee.getParameter('partstat') ?? '').toUpperCase() === 'DECLINED') return false;
  }
  return true;
}

function attendeeCount(component: ICAL.Component): number {
  return component.getAllProperties('attendee').filter((a) => {
    const kind = String(a.getParameter('cutype') ?? 'INDIVIDUAL').toUpperCase();
    return kind === 'INDIVIDUAL' || kind === 'GROUP';
  }).length;
}

function recurrenceOf(component: ICAL.Component): FeedEvent['recurrence'] {
  const rrule = component.getFirstPropertyValue('rrule');
  if (!(rrule instanceof ICAL.Recur)) return 'none';
  if (rrule.freq !== 'WEEKLY') return 'other';
  const interval = rrule.interval ?? 1;
  if (interval === 1) return 'weekly';
  return interval === 2 ? 'biweekly' : 'other';
}

function title(component: ICAL.Component): string {
  const summary = component.getFirstPropertyValue('summary');
  return typeof summary === 'string' ? summary.slice(0, 200) : '';
}

/**
 * Parses an iCal feed and expands it into the occurrences that overlap [from, to): RRULE with EXDATE
 * and RECURRENCE-ID exceptions, all-day events, TZID (IANA or the feed's VTIMEZONE) and floating
 * times (read in `zone`, the manager's). Cancelled occurrences and ones the owner declined are left out.
 */
export function parseFeed(text: string, window: { from: Date; to: Date }, zone: string): Parsed<ParsedFeed> {
  const problem = notACalendar(text);
  if (problem) return fail(problem);
  let root: ICAL.Component;
  try {
    const jcal: unknown = ICAL.parse(text.replace(/^\uFEFF/, ''));
    // One VCALENDAR parses to one jCal array; several concatenated ones to a list of them.
    const first = Array.isArray(jcal) && Array.isArray(jcal[0]) ? jcal[0] : jcal;
    if (!Array.isArray(first)) throw new Error('no calendar in the feed');
    root = new ICAL.Component(first);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return fail(`That feed has broken lines, so it cannot be read as iCal (${quoteUserInput(detail, 80)}). Check the address, or ask your calendar to publish it again.`);
  }
  if (root.name !== 'vcalendar') return fail('That address did not answer with an iCal feed (no VCALENDAR). Check that you copied the iCal (.ics) address.');
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    try {
      const tz = new ICAL.Timezone(vtimezone);
      if (tz.tzid && !ICAL.TimezoneService.has(tz.tzid)) ICAL.TimezoneService.register(tz);
    } catch {
      // A broken VTIMEZONE: times in it are read by their IANA name, or as floating.
    }
  }
  const calName = root.getFirstPropertyValue('x-wr-calname');
  const owner = typeof calName === 'string' && /^[^\s@]+@[^\s@]+$/.test(calName.trim()) ? calName.trim().toLowerCase() : undefined;

  const masters = new Map<string, ICAL.Component>();
  const exceptions = new Map<string, ICAL.Component[]>();
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '');
    if (vevent.hasProperty('recurrence-id')) {
      const list = exceptions.get(uid) ?? [];
      list.push(vevent);
      exceptions.set(uid, list);
    } else if (uid && !masters.has(uid)) {
      masters.set(uid, vevent);
    } else {
      masters.set(`${uid}#${masters.size}`, vevent);
    }
  }

  const events: FeedEvent[] = [];
  const fromMs = window.from.getTime();
  const toMs = window.to.getTime();
  const push = (component: ICAL.Component, start: ICAL.Time, end: ICAL.Time | undefined, uid: string, recurrence: FeedEvent['recurrence']): void => {
    if (!counts(component, owner)) return;
    const startAt = instantOf(start, tzidOf(component, 'dtstart'), zone);
    const endAt = end ? instantOf(end, tzidOf(component, 'dtend'), zone) : new Date(startAt.getTime() + (start.isDate ? 86_400_000 : 0));
    if (endAt.getTime() <= fromMs || startAt.getTime() >= toMs) return;
    if (endAt.getTime() < startAt.getTime()) return;
    events.push({ seriesUid: hashUid(uid), title: title(component), start: startAt, end: endAt, allDay: start.isDate, attendees: attendeeCount(component), recurrence });
  };

  try {
    for (const [key, master] of masters) {
      const uid = key.split('#')[0] ?? key;
      // Exceptions are handed over, never looked up: without them ical.js scans every event of the
      // feed for each series (quadratic) and relates other series' exceptions too.
      const event = new ICAL.Event(master, { exceptions: exceptions.get(uid) ?? [], strictExceptions: true });
      exceptions.delete(uid);
      if (!event.startDate) continue;
      const recurrence = recurrenceOf(master);
      if (!event.isRecurring()) {
        push(master, event.startDate, event.endDate, uid, recurrence);
        continue;
      }
      const masterZone = tzidOf(master, 'dtstart');
      const iterator = event.iterator();
      for (let i = 0, next = iterator.next(); next && i < MAX_OCCURRENCES_PER_SERIES; i++, next = iterator.next()) {
        const occurrenceAt = instantOf(next, masterZone, zone).getTime();
        if (occurrenceAt >= toMs + 86_400_000) break;
        if (occurrenceAt < fromMs - 7 * 86_400_000) continue;
        const details = event.getOccurrenceDetails(next);
        push(details.item.component, details.startDate, details.endDate, uid, recurrence);
      }
    }
    // Exceptions whose series is not in the feed: events of their own.
    for (const [uid, list] of exceptions) {
      for (const exception of list) {
        const event = new ICAL.Event(exception, { exceptions: [], strictExceptions: true });
        if (event.startDate) push(exception, event.startDate, event.endDate, uid, 'none');
      }
    }
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return fail(`That feed has an event lead-coach cannot read (${quoteUserInput(detail, 80)}). Check the address, or ask your calendar to publish it again.`);
  }
  events.sort((a, b) => a.start.getTime() - b.start.getTime());
  return ok({ events, owner });
}
