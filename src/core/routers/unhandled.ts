import type { AnyMiddlewareArgs, Middleware, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { z } from '../zod';

import type { Logger } from '../logger';

/** The fields of an interactivity payload that decide whether any listener of ours handles it. */
const InteractivityBody = z.object({
  type: z.string(),
  view: z.object({ callback_id: z.string().optional() }).optional(),
  callback_id: z.string().optional(),
});

/** Payload types lead-coach registers no listener for at all. */
const NEVER_HANDLED = new Set(['shortcut', 'message_action', 'block_suggestion', 'view_closed']);

/**
 * Global middleware that acknowledges interactivity no listener handles, at once. Without it Bolt
 * waits 3 s for an ack that never comes and answers 404, and Slack shows the user an error.
 * `handledViewCallbacks`: the callback_ids that have a view_submission listener. A feature that adds
 * a shortcut, options or view_closed listener must take its type out of NEVER_HANDLED.
 */
export function acknowledgeUnhandled(handledViewCallbacks: ReadonlySet<string>, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const bodyType: unknown = 'type' in args.body ? args.body.type : undefined;
    // Commands, actions and events skip the parse (a failed zod parse costs ~10 µs on every request).
    if (typeof bodyType !== 'string' || (!NEVER_HANDLED.has(bodyType) && bodyType !== 'view_submission')) {
      await args.next();
      return;
    }
    const parsed = InteractivityBody.safeParse(args.body);
    if (!parsed.success || !('ack' in args) || typeof args.ack !== 'function') {
      await args.next();
      return;
    }
    const { type } = parsed.data;
    const callbackId = parsed.data.view?.callback_id ?? parsed.data.callback_id;
    const unhandled = NEVER_HANDLED.has(type) || (type === 'view_submission' && !handledViewCallbacks.has(callbackId ?? ''));
    if (!unhandled) {
      await args.next();
      return;
    }
    // An options request must be answered with options; an empty list shows "no results".
    if (isOptionsRequest(args)) await args.ack({ options: [] });
    else await args.ack();
    logger.info({ type, callbackId }, 'interactivity with no listener acknowledged');
  };
}

function isOptionsRequest(args: AnyMiddlewareArgs): args is SlackOptionsMiddlewareArgs {
  return args.body.type === 'block_suggestion';
}
