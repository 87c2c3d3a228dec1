import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { z } from '../zod';

import type { Clock } from '../clock';
import type { Logger } from '../logger';

const EventCallback = z.object({ type: z.literal('event_callback'), event_id: z.string().min(1) });

/** An event_id is remembered at least this long (and at most twice it): Slack retries within minutes. */
export const SEEN_EVENT_TTL_MS = 60 * 60_000;
/** Ids per generation, whatever the event rate: at most twice this many are held. */
export const SEEN_EVENT_MAX = 20_000;

/**
 * Global middleware that lets each Events API event_id through once. Slack retries an event
 * (`x-slack-retry-num`) when it did not see our ack in time, and Socket Mode may deliver one twice;
 * the retry must not repeat the effect (a second Home publish, a second enrolment). Kept in memory:
 * a restart forgets at most two hours of ids, and a retry after a restart repeats only idempotent work.
 * Two generations of Sets, swapped every TTL (or when full), keep each check O(1); evicting
 * one-by-one from a Map walks its deleted slots and cost ~25 µs an event.
 */
export function deduplicateEvents(clock: Clock, logger: Logger): Middleware<AnyMiddlewareArgs> {
  let current = new Set<string>();
  let previous = new Set<string>();
  let generationStartedAt = clock.now().getTime();
  return async (args) => {
    // Most requests are commands and actions: skip them before parsing (a failed zod parse costs ~10 µs).
    if (!('type' in args.body) || args.body.type !== 'event_callback') {
      await args.next();
      return;
    }
    const parsed = EventCallback.safeParse(args.body);
    if (!parsed.success) {
      await args.next();
      return;
    }
    const now = clock.now().getTime();
    const age = now - generationStartedAt;
    if (age >= SEEN_EVENT_TTL_MS || current.size >= SEEN_EVENT_MAX) {
      previous = age >= 2 * SEEN_EVENT_TTL_MS ? new Set() : current;
      current = new Set();
      generationStartedAt = now;
    }
    const eventId = parsed.data.event_id;
    if (current.has(eventId) || previous.has(eventId)) {
      logger.info({ eventId }, 'event delivered again; already handled');
      return;
    }
    current.add(eventId);
    await args.next();
  };
}
