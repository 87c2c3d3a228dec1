import type { App } from '@slack/bolt';

import type { ActionRoutes } from './routers/actions';
import type { RoutedSubcommand } from './routers/subcommand';

/**
 * What a feature hands the composition root: its `/lead` subcommands (dependencies already bound),
 * its buttons and its other listeners (views, events). Jobs are listed in src/jobs.ts. The routers receive
 * these lists; they never import a feature.
 */
export interface Feature {
  /** The folder under src/features/. */
  name: string;
  subcommands?: readonly RoutedSubcommand[];
  registerActions?(routes: ActionRoutes): void;
  /** View submissions, events and anything else registered on Bolt directly. */
  registerListeners?(app: App): void;
  /** callback_ids of the view submissions it registers; any other submission is acknowledged and ignored. */
  viewCallbackIds?: readonly string[];
}
