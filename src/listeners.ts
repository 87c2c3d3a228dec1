import type { App } from '@slack/bolt';

import type { AppDeps } from './deps';
import { registerActions } from './listenersActions';
import { registerCommands } from './core/routers/commands';
import { registerErrorHandler } from './core/slack/errorHandler';
import { registerEvents } from './listenersEvents';
import { registerViews } from './listenersViews';

/** Registers every listener, grouped by Slack surface. */
export function registerListeners(app: App, deps: AppDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
  registerErrorHandler(app, deps, app.client);
}
