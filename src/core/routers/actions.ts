import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';

import type { Logger } from '../logger';

export type ActionHandler<A extends BlockAction> = (args: SlackActionMiddlewareArgs<A> & AllMiddlewareArgs) => Promise<void>;
export type ActionConstraint = string | RegExp | { type?: 'block_actions'; action_id: string | RegExp };

/** Where features register their button and select handlers, with the same call shape as Bolt's `app.action`. */
export interface ActionRoutes {
  action<A extends BlockAction = BlockAction>(constraint: ActionConstraint, handler: ActionHandler<A>): void;
}

/**
 * Every block action is looked up here by action_id, from the dispatcher (./dispatch.ts). Bolt runs
 * each incoming request past every registered listener's matcher; with ~30 buttons that walk cost
 * ~0.3 ms of CPU on every request (slash commands included), more than a FAQ search.
 */
export function createActionRoutes(logger: Logger): ActionRoutes & { handle: ActionHandler<BlockAction> } {
  const exact = new Map<string, ActionHandler<BlockAction>>();
  const patterns: Array<{ pattern: RegExp; handler: ActionHandler<BlockAction> }> = [];

  function find(actionId: string): ActionHandler<BlockAction> | undefined {
    return exact.get(actionId) ?? patterns.find((p) => p.pattern.test(actionId))?.handler;
  }

  return {
    action<A extends BlockAction>(constraint: ActionConstraint, handler: ActionHandler<A>): void {
      const id = typeof constraint === 'string' || constraint instanceof RegExp ? constraint : constraint.action_id;
      const stored = handler as unknown as ActionHandler<BlockAction>;
      if (typeof id === 'string') {
        if (exact.has(id)) throw new Error(`Two handlers for action_id ${id}`);
        exact.set(id, stored);
      } else {
        patterns.push({ pattern: id, handler: stored });
      }
    },
    async handle(args) {
      const actionId = args.action.action_id;
      const handler = find(actionId);
      if (!handler) {
        // Link buttons and stale messages still send actions; acknowledge so Slack shows no error.
        await args.ack();
        logger.debug({ actionId }, 'block action with no handler acknowledged');
        return;
      }
      await handler(args);
    },
  };
}
