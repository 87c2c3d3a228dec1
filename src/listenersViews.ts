import type { App } from '@slack/bolt';

import type { AppDeps } from './deps';
import { registerTimeLogViews } from './features/timelog/views';

/** Registers every view listener; each feature adds its register call here. */
export function registerViews(app: App, deps: AppDeps): void {
  registerTimeLogViews(app, deps);
}
