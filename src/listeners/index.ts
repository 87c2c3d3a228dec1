import type { App } from '@slack/bolt';

import type { AppDeps } from '../deps';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import { registerErrorHandler } from './errors';
import { registerEvents } from './events';
import { registerViews } from './views';

/** Registers every listener, grouped by Slack surface. */
export function registerListeners(app: App, deps: AppDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
  registerErrorHandler(app, deps, app.client);
}
