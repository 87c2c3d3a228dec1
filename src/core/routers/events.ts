import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from '../zod';

import type { Clock } from '../clock';
import type { Logger } from '../logger';

const EventCallback = z.object({ type: z.literal('event_callback'), event_id: z.string().min(1) });

/** An event_id is remembered at least this long (and at most twice it): Slack retries within minutes. */
export const SEEN_EVENT_TTL_MS = 60 * 60_000;
/** Ids per generation, whatever the event rate: at most twice this many are held. */
export const SEEN_EVENT_MAX = 20_000;

export type EventHandler<T extends string = string> = (args: SlackEventMiddlewareArgs<T> & AllMiddlewareArgs) => Promise<void>;

/** Where features register Events API handlers, with the same call shape as Bolt's `app.event`. */
export interface EventRoutes {
  event<T extends string>(type: T, handler: EventHandler<T>): void;
}

/** The routes as the dispatcher uses them: `unhandled` runs for an event type no feature registered. */
export type EventRouter = EventRoutes & { handle(args: Parameters<EventHandler>[0], unhandled: () => Promise<void>): Promise<void> };

/**
 * Events API events by type, handed over by the dispatcher (./dispatch.ts), each event_id once.
 * Slack retries an event (`x-slack-retry-num`) when it did not see our ack in time, and Socket Mode
 * may deliver one twice; the retry must not repeat the effect (a second Home publish, a second
 * enrolment). Kept in memory: a restart forgets at most two hours of ids, and a retry after a restart
 * repeats only idempotent work. Two generations of Sets, swapped every TTL (or when full), keep each
 * check O(1); evicting one-by-one from a Map walks its deleted slots and cost ~25 µs an event.
 */
export function createEventRoutes(clock: Clock, logger: Logger): EventRouter {
  const handlers = new Map<string, EventHandler>();
  let current = new Set<string>();
  let previous = new Set<string>();
  let generationStartedAt = clock.now().getTime();

  /** False when this event_id was handled already; events without one (never from Slack) pass. */
  function firstDelivery(body: unknown): boolean {
    const parsed = EventCallback.safeParse(body);
    if (!parsed.success) return true;
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
      return false;
    }
    current.add(eventId);
    return true;
  }

  return {
    event(type, handler) {
      if (handlers.has(type)) throw new Error(`Two handlers for event ${type}`);
      handlers.set(type, handler as unknown as EventHandler);
    },
    // Bolt has acknowledged every event already; an unhandled one needs no answer.
    async handle(args, unhandled) {
      if (!firstDelivery(args.body)) return;
      const handler = handlers.get(args.event.type);
      if (handler) await handler(args);
      else await unhandled();
    },
  };
}
