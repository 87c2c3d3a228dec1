import type { WebClient } from '@slack/web-api';
import { z } from '../../core/zod';

import type { Logger } from '../../core/logger';
import { slackErrorCode } from '../../core/slack/errors';

/**
 * Whether a manager is away right now, from their Slack status (`users.profile.get`, Tier 4) and
 * paused notifications (`dnd.info`, Tier 3). Answers are cached per manager, and each tick makes at
 * most a budget of calls, well inside both tiers; past the budget, or when Slack fails, the nudge
 * goes out as usual (a look-up never holds a nudge back by failing).
 */
export interface AwayStatus {
  away: boolean;
  /** When the status or the notification pause ends, if Slack says. */
  until?: Date;
  why?: string;
}

const AWAY_EMOJI = new Set([':palm_tree:', ':face_with_thermometer:', ':airplane:', ':beach_with_umbrella:', ':sick:', ':mask:', ':baby:', ':house_with_garden:']);
const AWAY_WORDS = /\b(ooo|out of (the )?office|vacation|vacationing|holidays?|sick|pto|on leave|parental leave|off sick)\b/i;

const profileAnswer = z.object({
  profile: z.object({
    status_text: z.string().optional(),
    status_emoji: z.string().optional(),
    status_expiration: z.number().optional(),
  }),
});
const dndAnswer = z.object({ snooze_enabled: z.boolean().optional(), snooze_endtime: z.number().optional() });

export const AWAY_CACHE_MS = 15 * 60_000;
/** Per tick (the job runs every minute): under Tier 4 (100+/min) and Tier 3 (50+/min). */
export const AWAY_BUDGET = { profile: 80, dnd: 40 } as const;

/** What a Slack status says, on its own (exported for tests of the wording rules). */
export function statusSaysAway(text: string, emoji: string): boolean {
  return AWAY_EMOJI.has(emoji) || AWAY_WORDS.test(text);
}

export interface AwayChecker {
  /** Undefined when not looked up (budget spent, or Slack failed): send as usual. */
  check(client: WebClient, userId: string, now: Date, logger: Logger): Promise<AwayStatus | undefined>;
  /** Starts a tick's call budget. */
  newTick(): void;
  /** For benches and tests: what a look-up would have found. */
  remember(userId: string, status: AwayStatus, at: Date): void;
}

export function createAwayChecker(budget: { profile: number; dnd: number } = AWAY_BUDGET, cacheMs = AWAY_CACHE_MS): AwayChecker {
  const cache = new Map<string, { at: number; status: AwayStatus }>();
  let left = { ...budget };
  return {
    newTick() {
      left = { ...budget };
    },
    remember(userId, status, at) {
      cache.set(userId, { at: at.getTime(), status });
    },
    async check(client, userId, now, logger) {
      const hit = cache.get(userId);
      if (hit && now.getTime() - hit.at < cacheMs && (!hit.status.until || hit.status.until.getTime() > now.getTime())) return hit.status;
      if (left.profile <= 0 || left.dnd <= 0) {
        logger.info({ userId }, 'away look-up budget spent for this tick; nudge sent without it');
        return undefined;
      }
      left.profile--;
      left.dnd--;
      try {
        const profile = profileAnswer.parse(await client.users.profile.get({ user: userId })).profile;
        const text = profile.status_text ?? '';
        const emoji = profile.status_emoji ?? '';
        let status: AwayStatus = { away: false };
        if (statusSaysAway(text, emoji)) {
          const expires = profile.status_expiration ? new Date(profile.status_expiration * 1000) : undefined;
          status = { away: true, why: `Slack status ${emoji} ${text}`.trim(), ...(expires && expires > now ? { until: expires } : {}) };
        } else {
          const dnd = dndAnswer.parse(await client.dnd.info({ user: userId }));
          if (dnd.snooze_enabled) {
            const until = dnd.snooze_endtime ? new Date(dnd.snooze_endtime * 1000) : undefined;
            status = { away: true, why: 'notifications paused', ...(until && until > now ? { until } : {}) };
          }
        }
        cache.set(userId, { at: now.getTime(), status });
        return status;
      } catch (err) {
        // The Slack code is enough here (user_not_found, missing_scope, ratelimited...): the nudge goes out regardless.
        logger.warn({ userId, reason: slackErrorCode(err) ?? (err instanceof Error ? err.message : String(err)) }, 'away look-up failed; nudge sent as usual');
        return undefined;
      }
    },
  };
}
