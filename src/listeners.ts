import type { App } from '@slack/bolt';

import type { Feature } from './core/feature';
import { createActionRoutes } from './core/routers/actions';
import { createCommandRouter, type CommandRouterDeps } from './core/routers/commands';
import { dispatch } from './core/routers/dispatch';
import { createEventRoutes } from './core/routers/events';
import { createViewRoutes } from './core/routers/views';
import { registerErrorHandler } from './core/slack/errorHandler';
import { requestPipeline, type RequestStep } from './core/slack/pipeline';
import type { AppDeps } from './deps';

/**
 * Hands the routers every feature's lists (subcommands, buttons, modal submissions and events),
 * registers the request pipeline (the stages every request passes first, then the one dispatcher
 * that sends each request to its router) as Bolt's one global middleware, then the one error handler.
 */
export function registerListeners(
  app: App,
  deps: Pick<AppDeps, 'clock' | 'logger' | 'config'>,
  features: readonly Feature[],
  manager: Omit<CommandRouterDeps, 'subcommands'>,
  stagesBeforeDispatch: readonly RequestStep[],
): void {
  const actions = createActionRoutes(deps.logger.child({ listener: 'actions' }));
  const views = createViewRoutes();
  const events = createEventRoutes(deps.clock, deps.logger.child({ listener: 'events' }));
  for (const feature of features) {
    feature.registerActions?.(actions);
    feature.registerViews?.(views);
    feature.registerEvents?.(events);
  }
  const command = createCommandRouter({ ...manager, subcommands: features.flatMap((f) => f.subcommands ?? []) });
  app.use(requestPipeline([...stagesBeforeDispatch, dispatch({ command, actions, views, events }, deps.logger.child({ listener: 'unhandled' }))]));
  registerErrorHandler(app, deps, app.client);
}
