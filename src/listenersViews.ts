import type { App } from '@slack/bolt';

import type { AppDeps } from './deps';
import { registerTimeLogViews, TIME_LOG_VIEW_CALLBACKS } from './features/timelog/views';

/** callback_ids with a view_submission listener below; any other submission is acknowledged and ignored. */
export const HANDLED_VIEW_CALLBACKS: ReadonlySet<string> = new Set([...TIME_LOG_VIEW_CALLBACKS]);

/** Registers every view listener; each feature adds its register call here. */
export function registerViews(app: App, deps: AppDeps): void {
  registerTimeLogViews(app, deps);
}
