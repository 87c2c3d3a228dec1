import type { Clock } from './clock';
import type { Config } from './config';
import type { CoachingContent } from './content/coaching';
import type { Transactor } from './db/transactions';
import type { Logger } from './logger';
import type { ActionRoutes } from './routers/actions';
import type { EventRoutes } from './routers/events';
import type { RoutedSubcommand } from './routers/subcommand';
import type { ViewRoutes } from './routers/views';

/**
 * What a feature hands the composition root: its `/lead` subcommands (dependencies already bound),
 * its buttons, modal submissions and events. Jobs are listed in src/jobs.ts. The routers receive these
 * lists; they never import a feature, and nothing registers on Bolt directly (src/core/routers/dispatch.ts).
 */
export interface Feature {
  /** The folder under src/features/. */
  name: string;
  subcommands?: readonly RoutedSubcommand[];
  registerActions?(routes: ActionRoutes): void;
  /** Modal submissions by callback_id; any other submission is acknowledged and ignored. */
  registerViews?(routes: ViewRoutes): void;
  registerEvents?(routes: EventRoutes): void;
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
