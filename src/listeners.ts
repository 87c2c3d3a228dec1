import type { App } from '@slack/bolt';

import type { Feature } from './core/feature';
import { createActionRoutes } from './core/routers/actions';
import { registerCommands, type CommandRouterDeps } from './core/routers/commands';
import { deduplicateEvents } from './core/routers/events';
import { acknowledgeUnhandled } from './core/routers/unhandled';
import { registerErrorHandler } from './core/slack/errorHandler';
import type { AppDeps } from './deps';

/**
 * Registers the global middleware, then hands the routers every feature's lists (subcommands,
 * buttons, views and events), then the one error handler.
 */
export function registerListeners(
  app: App,
  deps: Pick<AppDeps, 'clock' | 'logger' | 'config'>,
  features: readonly Feature[],
  manager: Omit<CommandRouterDeps, 'subcommands'>,
): void {
  const viewCallbacks = new Set(features.flatMap((f) => f.viewCallbackIds ?? []));
  app.use(deduplicateEvents(deps.clock, deps.logger.child({ listener: 'events' })));
  app.use(acknowledgeUnhandled(viewCallbacks, deps.logger.child({ listener: 'unhandled' })));
  registerCommands(app, { ...manager, subcommands: features.flatMap((f) => f.subcommands ?? []) });
  const routes = createActionRoutes();
  for (const feature of features) feature.registerActions?.(routes);
  routes.attach(app, deps.logger.child({ listener: 'actions' }));
  for (const feature of features) feature.registerListeners?.(app);
  registerErrorHandler(app, deps, app.client);
}
