import type { App } from '@slack/bolt';

import type { AppDeps } from './deps';
import { registerActions } from './listenersActions';
import { registerCommands } from './core/routers/commands';
import { deduplicateEvents } from './core/routers/events';
import { acknowledgeUnhandled } from './core/routers/unhandled';
import { registerErrorHandler } from './core/slack/errorHandler';
import { registerEvents } from './listenersEvents';
import { HANDLED_VIEW_CALLBACKS, registerViews } from './listenersViews';

/** Registers every listener, grouped by Slack surface. */
export function registerListeners(app: App, deps: AppDeps): void {
  app.use(deduplicateEvents(deps.clock, deps.logger.child({ listener: 'events' })));
  app.use(acknowledgeUnhandled(HANDLED_VIEW_CALLBACKS, deps.logger.child({ listener: 'unhandled' })));
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
  registerErrorHandler(app, deps, app.client);
}
