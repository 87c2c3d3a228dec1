import type { Logger } from '../../core/logger';
import type { Manager } from '../../core/manager';
import { fail, ok, type Parsed } from '../../core/result';
import { encryptSecret, urlHint } from './crypto';
import type { CalendarDeps } from './deps';
import { parseFeedUrl } from './fetcher';
import { problemSentence, readCalendar, REFRESH_EVERY_MS } from './service';

/** Checks an address's shape before anything is read (what the modal can refuse within Slack's 3 seconds). */
export function checkAddress(text: string): Parsed<URL> {
  const trimmed = text.trim();
  if (!trimmed) return fail('Paste the secret iCal address of your calendar.');
  if (trimmed.length > 2000) return fail('That is longer than any calendar address (over 2,000 characters).');
  const url = parseFeedUrl(trimmed);
  if (!url) return fail(problemSentence('bad_url'));
  return ok(url);
}

/**
 * Reads the feed at `address` and, only when it reads as a calendar, stores it (encrypted) with what
 * it says about each day. A feed that fails stores nothing. The address is never logged.
 */
export async function linkCalendar(
  deps: CalendarDeps,
  manager: Pick<Manager, 'userId' | 'timeZone'>,
  address: string,
  logger: Logger,
): Promise<Parsed<{ hint: string; eventsThisWeek: number }>> {
  const key = deps.config.secretKey;
  if (!key) return fail('Calendar linking is off on this lead-coach (no LEAD_COACH_SECRET_KEY).');
  const checked = checkAddress(address);
  if (!checked.ok) return checked;
  const now = deps.clock.now();
  const read = await readCalendar(deps, manager, checked.value, now);
  if (!read.ok) {
    logger.info('calendar not linked: the feed did not read');
    return read;
  }
  const hint = urlHint(checked.value.toString());
  await deps.repos.calendars.saveLink(
    {
      userId: manager.userId,
      urlCipher: encryptSecret(key, manager.userId, checked.value.toString()),
      urlHint: hint,
      at: now,
      nextRefreshAt: new Date(now.getTime() + REFRESH_EVERY_MS),
    },
    read.value.days,
  );
  await deps.repos.calendars.saveFound(manager.userId, read.value.found, now);
  logger.info({ days: read.value.days.length, found: read.value.found.length }, 'calendar linked');
  return ok({ hint, eventsThisWeek: read.value.eventsThisWeek });
}
