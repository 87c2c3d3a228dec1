import type { Clock } from './clock';
import type { Config } from './config';
import type { CoachingContent } from './content/coaching';
import type { Db } from './db/connection';
import type { Repositories } from './db/repositories';
import type { Logger } from './logger';

/** What listeners and jobs are built from: handed down by createApp, never imported as singletons. */
export interface AppDeps {
  config: Config;
  db: Db;
  repos: Repositories;
  logger: Logger;
  clock: Clock;
  /** Nudge texts, tips and target guidance from content/coaching.yaml, validated at start. */
  coaching: CoachingContent;
}
