import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { z } from 'zod';

import type { Clock } from '../clock';
import type { Logger } from '../logger';

const EventCallback = z.object({ type: z.literal('event_callback'), event_id: z.string().min(1) });

/** How long an event_id is remembered: Slack retries within minutes, Socket Mode redelivers within seconds. */
export const SEEN_EVENT_TTL_MS = 60 * 60_000;
/** Bound on remembered ids, whatever the event rate. */
export const SEEN_EVENT_MAX = 20_000;

/**
 * Global middleware that lets each Events API event_id through once. Slack retries an event
 * (`x-slack-retry-num`) when it did not see our ack in time, and Socket Mode may deliver one twice;
 * the retry must not repeat the effect (a second Home publish, a second enrolment). Kept in memory:
 * a restart forgets at most an hour of ids, and a retry after a restart repeats only idempotent work.
 */
export function deduplicateEvents(clock: Clock, logger: Logger): Middleware<AnyMiddlewareArgs> {
  const seen = new Map<string, number>();
  return async (args) => {
    const parsed = EventCallback.safeParse(args.body);
    if (!parsed.success) {
      await args.next();
      return;
    }
    const now = clock.now().getTime();
    // Map keeps insertion order, so the oldest ids are first.
    for (const [id, at] of seen) {
      if (at > now - SEEN_EVENT_TTL_MS && seen.size < SEEN_EVENT_MAX) break;
      seen.delete(id);
    }
    const eventId = parsed.data.event_id;
    if (seen.has(eventId)) {
      logger.info({ eventId }, 'event delivered again; already handled');
      return;
    }
    seen.set(eventId, now);
    await args.next();
  };
}
