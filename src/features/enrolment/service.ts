import type { WebClient } from '@slack/web-api';

import type { Clock } from '../../core/clock';
import { isValidTimeZone } from '../../core/dates/localDate';
import type { Manager, ManagerRepository } from './repository';
import type { Logger } from '../../core/logger';

const TIME_ZONE_REFRESH_MS = 7 * 24 * 60 * 60 * 1000;

export interface SlackProfile {
  timeZone: string | undefined;
}

/** Reads the parts of a Slack user that lead-coach uses; throws on Slack errors. */
export async function fetchSlackProfile(client: WebClient, userId: string): Promise<SlackProfile> {
  const res = await client.users.info({ user: userId });
  const user = res.user;
  return {
    timeZone: user?.tz && isValidTimeZone(user.tz) ? user.tz : undefined,
  };
}

function needsSlackProfile(manager: Pick<Manager, 'timeZoneSource' | 'timeZoneCheckedAt'> | undefined, now: Date): boolean {
  if (!manager) return true;
  if (manager.timeZoneSource !== 'slack') return false;
  return !manager.timeZoneCheckedAt || now.getTime() - Date.parse(manager.timeZoneCheckedAt) > TIME_ZONE_REFRESH_MS;
}

/**
 * True when the user is enrolled and nothing needs asking Slack (time zone fresh). Reads two
 * columns only: it runs on every command, most of which never look at the rest of the record.
 */
export function isKnownManager(managers: ManagerRepository, userId: string, now: Date): boolean {
  return !needsSlackProfile(managers.timeZoneFreshness(userId), now);
}

/**
 * Returns the manager record for a user, enrolling them on first contact with the
 * time zone Slack knows for them, and refreshing that zone when a week old.
 * A Slack failure never blocks the user: they are enrolled in UTC and retried next time.
 */
export async function ensureManager(
  deps: { managers: ManagerRepository; client: WebClient; clock: Clock; logger: Logger },
  userId: string,
  teamId: string,
): Promise<{ manager: Manager; enrolledNow: boolean }> {
  const existing = deps.managers.get(userId);
  const now = deps.clock.now();
  if (existing && !needsSlackProfile(existing, now)) return { manager: existing, enrolledNow: false };

  let timeZone: string | undefined;
  try {
    timeZone = (await fetchSlackProfile(deps.client, userId)).timeZone;
  } catch (err) {
    deps.logger.warn({ err, userId }, 'users.info failed; keeping the last known time zone');
  }
  if (existing) {
    if (timeZone) deps.managers.refreshSlackTimeZone(userId, timeZone, now);
    return { manager: deps.managers.get(userId) ?? existing, enrolledNow: false };
  }
  const enrolledNow = deps.managers.enrol({ userId, teamId, timeZone: timeZone ?? 'UTC', enrolledAt: now });
  if (!timeZone) deps.managers.refreshSlackTimeZone(userId, 'UTC', new Date(0));
  const manager = deps.managers.get(userId);
  if (!manager) throw new Error(`Manager ${userId} could not be stored`);
  deps.logger.info({ userId, teamId, timeZone: manager.timeZone, enrolledNow }, 'manager enrolled');
  return { manager, enrolledNow };
}
