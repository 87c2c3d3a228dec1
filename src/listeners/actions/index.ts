import type { App } from '@slack/bolt';

import type { AppDeps } from '../../deps';
import { registerFaqActions } from './faq';
import { registerNudgeActions } from './nudges';
import { registerSummaryActions } from './summary';
import { registerTimeLogActions } from './timeLog';

/** Registers every action listener; each feature adds its register call here. */
export function registerActions(app: App, deps: AppDeps): void {
  registerTimeLogActions(app, deps);
  registerSummaryActions(app, deps);
  registerNudgeActions(app, deps);
  registerFaqActions(app, deps);
}
