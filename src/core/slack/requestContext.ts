import type { AnyMiddlewareArgs, Context } from '@slack/bolt';

import type { Clock } from '../clock';
import type { Manager } from '../manager';
import type { Logger } from '../logger';
import type { RequestStep } from './pipeline';

/** What every listener gets about its request, built once by the request pipeline's first stage before any listener runs. */
export class RequestScope {
  constructor(
    /** The injected clock's now, read once at the start of the request. */
    readonly now: Date,
    /** Carries the listener kind, user id and team id. */
    readonly logger: Logger,
    readonly userId: string | undefined,
    readonly teamId: string | undefined,
    /**
     * The stored manager record of the user (manager undefined when not enrolled), or undefined
     * when the database could not be read: then callers read it again, after the acknowledgement,
     * where a failure reaches the error handler.
     */
    readonly stored: { manager: Manager | undefined } | undefined,
  ) {}

  get manager(): Manager | undefined {
    return this.stored?.manager;
  }
}

const CONTEXT_KEY = 'leadCoachRequest';

/** The request's scope from Bolt's context; throws when the middleware did not run (a wiring mistake). */
export function requestScope(context: Context): RequestScope {
  const scope: unknown = context[CONTEXT_KEY];
  if (!(scope instanceof RequestScope)) throw new Error('request scope missing: requestScopeStep is not in the request pipeline');
  return scope;
}

/** Names the listener a request goes to, as the logs show it: `command:/lead`, `action:<id>`, `view:<callback>`, `event:<type>`. */
function listenerOf(args: AnyMiddlewareArgs): string {
  if ('command' in args) return `command:${args.command.command}`;
  if ('action' in args) return `action:${'action_id' in args.action ? args.action.action_id : args.action.type}`;
  if ('view' in args) return `view:${args.view.callback_id}`;
  if ('event' in args) return `event:${args.event.type}`;
  if ('shortcut' in args) return `shortcut:${args.shortcut.callback_id}`;
  return `options:${args.options.type}`;
}

/**
 * The request pipeline's first stage (see pipeline.ts): puts a RequestScope into every request's
 * context. It reads the user's manager record from the database only: nothing is asked of Slack
 * before the listener's ack.
 */
export function requestScopeStep(deps: { managers: { get(userId: string): Promise<Manager | undefined> }; clock: Clock; logger: Logger }): RequestStep {
  return async (args, next) => {
    const { context } = args;
    const { userId, teamId } = context;
    const logger = deps.logger.child({ listener: listenerOf(args), userId, teamId });
    let stored: RequestScope['stored'] = { manager: undefined };
    if (userId) {
      try {
        stored = { manager: await deps.managers.get(userId) };
      } catch (err) {
        logger.warn({ err }, 'manager record could not be read before the listener');
        stored = undefined;
      }
    }
    context[CONTEXT_KEY] = new RequestScope(deps.clock.now(), logger, userId, teamId, stored);
    await next();
  };
}
