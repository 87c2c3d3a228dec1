import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';

import type { Logger } from '../logger';
import type { RequestStep } from '../slack/pipeline';
import type { ActionHandler } from './actions';
import { LEAD_COMMAND, type CommandHandler } from './commands';
import type { EventRouter } from './events';
import type { ViewHandler } from './views';

export interface Routes {
  command: CommandHandler;
  actions: { handle: ActionHandler<BlockAction> };
  views: { find(callbackId: string): ViewHandler | undefined };
  events: Pick<EventRouter, 'handle'>;
}

function isBlockAction(args: SlackActionMiddlewareArgs & AllMiddlewareArgs): args is SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs {
  return args.body.type === 'block_actions';
}

function isViewSubmission(args: SlackViewMiddlewareArgs & AllMiddlewareArgs): args is SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs {
  return args.body.type === 'view_submission';
}

/**
 * The request pipeline's last stage (see core/slack/pipeline.ts), and the only thing that handles
 * requests: it hands `/lead` to the command router, block actions to the action routes, modal
 * submissions and events to theirs, and acknowledges at once any interactivity no feature handles
 * (a shortcut, an options request, a closed or unknown modal, a legacy attachment button). Without
 * that ack Bolt waits 3 s for one that never comes, answers 404, and Slack shows the user an error.
 * Another slash command or an event type no feature handles goes on to Bolt's own listeners (the app
 * registers none; tests do).
 *
 * Why not Bolt's `app.command` / `app.action` / `app.view` / `app.event`: Bolt runs every request
 * past every registered listener's middleware chain (each step a fresh copy of ~15 arguments and a
 * promise), so with one listener per modal and event type a `/lead faq` paid for nine listeners;
 * measured on `/lead faq` in one process, the seven listeners besides the command and the two global
 * middlewares they needed (unhandled interactivity, event replays) cost 250–350 µs of CPU a request.
 */
export function dispatch(routes: Routes, logger: Logger): RequestStep {
  return async (args, next) => {
    if ('command' in args) {
      if (args.command.command === LEAD_COMMAND) return routes.command(args);
      // manifest.yml declares no other command; a listener registered on Bolt itself (a test probe) may take it.
      return next();
    }
    if ('action' in args) {
      if (isBlockAction(args)) return routes.actions.handle(args);
      await args.ack();
      logger.info({ type: args.body.type }, 'interactivity with no listener acknowledged');
      return;
    }
    if ('view' in args) {
      if (isViewSubmission(args)) {
        const handler = routes.views.find(args.view.callback_id);
        if (handler) return handler(args);
      }
      await args.ack();
      logger.info({ type: args.body.type, callbackId: args.view.callback_id }, 'interactivity with no listener acknowledged');
      return;
    }
    if ('event' in args) return routes.events.handle(args, next);
    if ('options' in args) {
      await args.ack({ options: [] });
      logger.info({ type: args.body.type }, 'interactivity with no listener acknowledged');
      return;
    }
    // What is left is a shortcut (global or on a message).
    await args.ack();
    logger.info({ type: args.body.type, callbackId: args.shortcut.callback_id }, 'interactivity with no listener acknowledged');
  };
}
