import type { WebClient } from '@slack/web-api';

import type { Clock } from '../../core/clock';
import { isValidTimeZone } from '../../core/dates/localDate';
import { plainMessage } from '../../core/blockKit';
import type { Manager } from './entities';
import type { ManagerRepository } from './repository';
import type { Transactor } from '../../core/db/transactions';
import type { RequestScope } from '../../core/slack/requestContext';
import type { Logger } from '../../core/logger';

const TIME_ZONE_REFRESH_MS = 7 * 24 * 60 * 60 * 1000;

export const TIME_ZONE_UNKNOWN_TEXT =
  "I couldn't read your time zone from Slack, so nudges wait until you set it: `/lead timezone Europe/Berlin`";

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

/** True when the stored record can be used as it is: enrolled, and its Slack time zone checked within a week. */
export function needsSlackProfile(manager: Pick<Manager, 'timeZoneSource' | 'timeZoneCheckedAt'> | undefined, now: Date): boolean {
  if (!manager) return true;
  if (manager.timeZoneSource !== 'slack') return false;
  return !manager.timeZoneCheckedAt || now.getTime() - Date.parse(manager.timeZoneCheckedAt) > TIME_ZONE_REFRESH_MS;
}

export interface EnsureManagerDeps {
  managers: ManagerRepository;
  transactor: Transactor;
  client: WebClient;
  clock: Clock;
  logger: Logger;
}

/**
 * Returns the manager record for a user, creating it on first contact with the time zone Slack
 * knows for them (coaching off: only Start coaching or `/lead start` turns nudges on), and
 * refreshing that zone when a week old.
 * A Slack failure never blocks the user. When Slack gives no usable zone at first contact (no
 * `tz`, an invalid one, or users.info failing), the zone is stored as unconfirmed (UTC, which
 * nudges never use), Slack is asked again on the next contact, and the manager is told once, by DM.
 * `stored` is the record the request context already read (undefined when not enrolled); it
 * is read here only when the caller has none.
 */
export async function ensureManager(
  deps: EnsureManagerDeps,
  userId: string,
  stored?: { manager: Manager | undefined },
): Promise<{ manager: Manager; enrolledNow: boolean }> {
  const existing = stored ? stored.manager : await deps.managers.get(userId);
  const now = deps.clock.now();
  if (existing && !needsSlackProfile(existing, now)) return { manager: existing, enrolledNow: false };

  let timeZone: string | undefined;
  try {
    timeZone = (await fetchSlackProfile(deps.client, userId)).timeZone;
  } catch (err) {
    deps.logger.warn({ err, userId }, 'users.info failed; keeping the last known time zone');
  }
  if (existing) {
    if (timeZone) {
      await deps.managers.refreshSlackTimeZone(userId, timeZone, now);
      if (!existing.timeZoneConfirmed) await deps.managers.confirmTimeZone(userId);
    }
    return { manager: (await deps.managers.get(userId)) ?? existing, enrolledNow: false };
  }
  const { enrolledNow, manager } = await deps.transactor.transaction(async () => {
    const enrolled = await deps.managers.enrol({ userId, timeZone: timeZone ?? 'UTC', enrolledAt: now });
    // No zone from Slack: unconfirmed and never checked, so nudges wait and the next contact asks again.
    if (!timeZone) await deps.managers.markTimeZoneUnknown(userId);
    return { enrolledNow: enrolled, manager: await deps.managers.get(userId) };
  });
  if (!manager) throw new Error(`Manager ${userId} could not be stored`);
  deps.logger.info({ userId, timeZone: manager.timeZone, timeZoneConfirmed: manager.timeZoneConfirmed, enrolledNow }, 'manager enrolled');
  if (enrolledNow && !manager.timeZoneConfirmed) await tellTimeZoneUnknown(deps, userId);
  return { manager, enrolledNow };
}

/** The one line saying the zone is unknown, in the manager's DM with the app; a failure is only logged. */
async function tellTimeZoneUnknown(deps: EnsureManagerDeps, userId: string): Promise<void> {
  try {
    await deps.client.chat.postMessage({ channel: userId, ...plainMessage(TIME_ZONE_UNKNOWN_TEXT) });
  } catch (err) {
    deps.logger.warn({ err, userId }, 'could not tell the manager that their time zone is unknown');
  }
}

/** ensureManager for a listener, after its ack: the request scope supplies the record it read and the logger. */
export function ensureRequestManager(
  deps: { repos: { managers: ManagerRepository }; transactor: Transactor; clock: Clock },
  client: WebClient,
  scope: RequestScope,
  userId: string,
): Promise<{ manager: Manager; enrolledNow: boolean }> {
  const { repos, transactor, clock } = deps;
  return ensureManager({ managers: repos.managers, transactor, client, clock, logger: scope.logger }, userId, scope.stored);
}
