import type { App } from '@slack/bolt';

import type { AppDeps } from '../../deps';

/** Registers every action listener; each feature adds its register call here. */
export function registerActions(app: App, deps: AppDeps): void {
  void app;
  void deps;
}
