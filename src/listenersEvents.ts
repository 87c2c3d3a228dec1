import type { App } from '@slack/bolt';

import type { AppDeps } from './deps';
import { registerFaqDirectMessages } from './features/faq/events';
import { registerAppHomeEvents } from './features/home/events';

/** Registers every event listener; each feature adds its register call here. */
export function registerEvents(app: App, deps: AppDeps): void {
  registerAppHomeEvents(app, deps);
  registerFaqDirectMessages(app, deps);
}
