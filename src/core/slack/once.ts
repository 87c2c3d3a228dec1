import crypto from 'node:crypto';

import type { Context } from '@slack/bolt';

import type { SqlDatabase } from '../db/sql';
import type { RequestStep } from './pipeline';
import { requestScope } from './requestContext';

/**
 * How long a request key is remembered. Slack refuses a signature older than 5 minutes, so a
 * replay can only arrive within that window; twice that leaves room for clock skew.
 */
export const REQUEST_KEY_TTL_MS = 10 * 60 * 1000;
/** Old keys are pruned at most this often (one indexed DELETE), not on every request. */
const PRUNE_EVERY_MS = 60 * 1000;

/** The context property carrying the signed request's X-Slack-Request-Timestamp (set by the HTTP receiver). */
export const REQUEST_TIMESTAMP_PROPERTY = 'slackRequestTimestamp';

/** Slack requests already acted on, in the database so that every process agrees. */
export interface RequestKeys {
  /** True the first time a key is seen within the TTL; false for a replay. */
  firstTime(key: string, at: Date): Promise<boolean>;
}

export function createRequestKeys(db: SqlDatabase): RequestKeys {
  let prunedAt = 0;
  return {
    async firstTime(key: string, at: Date): Promise<boolean> {
      if (at.getTime() - prunedAt >= PRUNE_EVERY_MS) {
        // Noted before the DELETE runs, so concurrent requests do not all prune at once.
        prunedAt = at.getTime();
        await db.run('DELETE FROM request_keys WHERE seen_at < ?', [new Date(at.getTime() - REQUEST_KEY_TTL_MS).toISOString()]);
      }
      // One statement decides: of two requests with the same key at once, exactly one inserts it.
      const { changes } = await db.run('INSERT INTO request_keys (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, at.toISOString()]);
      return changes === 1;
    },
  };
}

/**
 * The key of one Slack request: its `trigger_id` (slash commands and interactions carry one),
 * else the signed timestamp with a hash of the body, which a replay repeats exactly.
 */
export function requestKeyOf(body: unknown, context: Context): string {
  if (typeof body === 'object' && body !== null && 'trigger_id' in body && typeof body.trigger_id === 'string' && body.trigger_id) {
    return `trigger:${body.trigger_id}`;
  }
  const timestamp: unknown = context[REQUEST_TIMESTAMP_PROPERTY];
  const hash = crypto.createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return `ts:${typeof timestamp === 'string' ? timestamp : '-'}:${hash}`;
}

/**
 * True when this request is acted on for the first time. A mutating listener calls it before its
 * effect and, on false, only acknowledges: a replayed request changes nothing a second time.
 */
export function oncePerRequest(keys: RequestKeys, body: unknown, context: Context, at: Date): Promise<boolean> {
  return keys.firstTime(requestKeyOf(body, context), at);
}

/**
 * The request pipeline's stage (see pipeline.ts) that lets each block action (button press, menu
 * choice) through once: a replayed press is acknowledged and logged, and no listener runs. Slash
 * commands are guarded in the `/lead` router, per subcommand marked `mutating`.
 */
export function oncePerActionStep(keys: RequestKeys): RequestStep {
  return async (args, next) => {
    if ('action' in args && args.body.type === 'block_actions') {
      const scope = requestScope(args.context);
      if (!(await oncePerRequest(keys, args.body, args.context, scope.now))) {
        scope.logger.warn('replayed block action ignored: it was acted on once already');
        await args.ack();
        return;
      }
    }
    await next();
  };
}
