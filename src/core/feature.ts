import type { App } from '@slack/bolt';

import type { Clock } from './clock';
import type { Config } from './config';
import type { CoachingContent } from './content/coaching';
import type { Transactor } from './db/transactions';
import type { Logger } from './logger';
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

/** The services every feature may be given; each feature's deps.ts picks the ones it uses and names its repositories. */
export interface SharedDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  transactor: Transactor;
  /** Nudge texts, tips and target guidance from content/coaching.yaml, validated at start. */
  coaching: CoachingContent;
}
