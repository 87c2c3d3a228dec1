import type { App } from '@slack/bolt';

import type { AppDeps } from './deps';
import { registerEnrolmentActions } from './features/enrolment/actions';
import { registerFaqActions } from './features/faq/actions';
import { registerNudgeActions } from './features/nudges/actions';
import { createActionRoutes } from './core/routers/actions';
import { registerSummaryActions } from './features/summaries/actions';
import { registerTimeLogActions } from './features/timelog/actions';

/** Registers every button and select handler behind one Bolt action listener (see routes.ts). */
export function registerActions(app: App, deps: AppDeps): void {
  const routes = createActionRoutes();
  registerTimeLogActions(routes, deps);
  registerSummaryActions(routes, deps);
  registerNudgeActions(routes, deps);
  registerFaqActions(routes, deps);
  registerEnrolmentActions(routes, deps);
  routes.attach(app, deps.logger.child({ listener: 'actions' }));
}
