import type { App } from '@slack/bolt';

import type { AppDeps } from './deps';
import { TIME_LOG_MODAL } from './features/timelog/blocks';
import { registerTimeLogViews } from './features/timelog/views';
import { registerScheduleModal, SCHEDULE_MODAL } from './features/nudges/scheduleModal';

/** callback_ids with a view_submission listener below; any other submission is acknowledged and ignored. */
export const HANDLED_VIEW_CALLBACKS: ReadonlySet<string> = new Set([TIME_LOG_MODAL.callbackId, SCHEDULE_MODAL.callbackId]);

/** Registers every view listener; each feature adds its register call here. */
export function registerViews(app: App, deps: AppDeps): void {
  registerTimeLogViews(app, deps);
  registerScheduleModal(app, deps);
}
