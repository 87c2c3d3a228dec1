import type { App } from '@slack/bolt';

import type { AppDeps } from '../../deps';
import { registerFaqActions } from './faq';
import { registerNudgeActions } from './nudges';
import { createActionRoutes } from './routes';
import { registerSummaryActions } from './summary';
import { registerTimeLogActions } from './timeLog';

/** Registers every button and select handler behind one Bolt action listener (see routes.ts). */
export function registerActions(app: App, deps: AppDeps): void {
  const routes = createActionRoutes();
  registerTimeLogActions(routes, deps);
  registerSummaryActions(routes, deps);
  registerNudgeActions(routes, deps);
  registerFaqActions(routes, deps);
  routes.attach(app, deps.logger.child({ listener: 'actions' }));
}
