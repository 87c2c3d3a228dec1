import { addLocalDays, localDateIn, weekInZone } from '../../core/dates/localDate';
import type { Manager } from '../../core/manager';
import { fail, ok, type Parsed } from '../../core/result';
import type { CalendarDeps } from './deps';
import type { CalendarDay, FoundOneOnOne } from './entities';
import { DEFAULT_FETCH_POLICY, fetchFeed, type FetchPolicy, type FetchProblem } from './fetcher';
import { parseFeed } from './ics';
import { classifierFor, findOneOnOnes, summariseDays } from './rules';

/** How often a working feed is read again. */
export const REFRESH_EVERY_MS = 60 * 60 * 1000;
/** After the n-th failure in a row the next read waits 15 min × 2^(n-1), at most a day. */
export function backoffMs(failures: number): number {
  return Math.min(15 * 60 * 1000 * 2 ** Math.max(0, failures - 1), 24 * 60 * 60 * 1000);
}
/** Failures in a row before the manager is told (once per run of failures). */
export const TELL_AFTER_FAILURES = 3;

/** The days a read covers: last week (for the summary) to three weeks ahead (1:1s, the no-code week). */
export function readWindow(now: Date, zone: string): { from: string; to: string } {
  const lastWeek = weekInZone(now, zone, 1);
  return { from: lastWeek.start, to: addLocalDays(localDateIn(now, zone), 21) };
}

/** A feed problem in words for the manager: what happened, and what to do. */
export function problemSentence(problem: FetchProblem | 'key_changed', status?: number): string {
  switch (problem) {
    case 'bad_url':
      return 'That is not a web address. Paste the iCal address that starts with https://.';
    case 'not_https':
      return 'lead-coach only reads calendar addresses that start with https:// (or webcal://).';
    case 'credentials_in_url':
      return 'That address has a user name or password in it; use the secret iCal address instead, which needs neither.';
    case 'private_address':
      return 'That address points into a private network, which lead-coach never reads. Use the public secret iCal address your calendar gives you.';
    case 'dns_failed':
      return 'No server answers to that address (the host name does not exist). Check that you copied all of it.';
    case 'unreachable':
      return 'The calendar server could not be reached. Check the address, or try again in a few minutes.';
    case 'timeout':
      return 'The calendar server took longer than 10 seconds to answer, so lead-coach stopped waiting.';
    case 'too_large':
      return 'That calendar feed is larger than 5 MB, more than lead-coach reads. A calendar of your own events only (not shared team calendars) is usually far smaller.';
    case 'too_many_redirects':
      return 'That address sends lead-coach on more than 3 redirects; paste the final iCal address instead.';
    case 'http_status':
      return status === 404 || status === 410
        ? `The calendar server says there is no calendar at that address (HTTP ${status}); it may have been reset. Copy the secret address again.`
        : status === 401 || status === 403
          ? `The calendar server refused to share it (HTTP ${status}). Use the *secret* iCal address, which works without signing in.`
          : `The calendar server answered with an error (HTTP ${status ?? 'unknown'}). Try again later, or check the address.`;
    case 'key_changed':
      return 'lead-coach can no longer read the address you stored (its encryption key was changed). Link your calendar again.';
  }
}

export interface CalendarRead {
  days: CalendarDay[];
  found: FoundOneOnOne[];
  window: { from: string; to: string };
  /** Events of this week (Monday to Sunday) that count. */
  eventsThisWeek: number;
}

/** Reads, parses and classifies one manager's feed. Never throws for a bad feed; never logs the address. */
export async function readCalendar(
  deps: Pick<CalendarDeps, 'config' | 'repos' | 'fetchPolicy'>,
  manager: Pick<Manager, 'userId' | 'timeZone'>,
  url: URL,
  now: Date,
): Promise<Parsed<CalendarRead>> {
  const policy: FetchPolicy = { ...DEFAULT_FETCH_POLICY, testOrigin: deps.config.calendarTestOrigin, ...deps.fetchPolicy };
  const fetched = await fetchFeed(url, policy);
  if (!fetched.ok) return fail(problemSentence(fetched.problem, fetched.status));
  return classifyFeed(deps, manager, fetched.text, now);
}

/** Parses and classifies a feed's text for one manager (what readCalendar does after the fetch). */
export async function classifyFeed(
  deps: Pick<CalendarDeps, 'repos'>,
  manager: Pick<Manager, 'userId' | 'timeZone'>,
  text: string,
  now: Date,
): Promise<Parsed<CalendarRead>> {
  const window = readWindow(now, manager.timeZone);
  const parsed = parseFeed(text, windowInstants(window), manager.timeZone);
  if (!parsed.ok) return parsed;
  const classifier = classifierFor(await deps.repos.calendars.rules(manager.userId));
  const days = summariseDays(parsed.value.events, classifier, manager.timeZone, window.from, window.to);
  const week = weekInZone(now, manager.timeZone);
  const eventsThisWeek = days.filter((d) => d.localDate >= week.start && d.localDate <= week.end).reduce((n, d) => n + d.events, 0);
  const found = findOneOnOnes(parsed.value.events, classifier, manager.timeZone, now);
  return ok({ days, found, window, eventsThisWeek });
}

/** The window as instants, a day wider either side than any zone is from UTC; summariseDays cuts the local days. */
function windowInstants(window: { from: string; to: string }): { from: Date; to: Date } {
  return { from: new Date(`${addLocalDays(window.from, -1)}T00:00:00Z`), to: new Date(`${addLocalDays(window.to, 2)}T00:00:00Z`) };
}
