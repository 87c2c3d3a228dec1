import type { Clock } from './core/clock';
import type { Config } from './core/config';
import { loadCoachingContent, type CoachingContent } from './core/content/coaching';
import type { Database } from './core/db/database';
import type { Transactor } from './core/db/transactions';
import { createRepositories, type Repositories } from './repositories';
import { HealthMonitor } from './core/http/healthMonitor';
import type { Logger } from './core/logger';
import { NUDGE_CONTENT } from './features/nudges/catalog';
import { COACHING_LINE_TEXT_KEYS } from './features/timelog/rules/coachingLine';
import { createFaqQuestionLog, type FaqQuestionLog } from './features/faq/questionLog';
// The hooks module alone: the feature's index pulls in its listeners, which a one-shot run-job never needs.
import { createCalendarHooks, type CalendarHooks } from './features/calendar/hooks';
import type { Workspace } from './core/workspace';

/** What listeners and jobs are built from: handed down by createApp, never imported as singletons. */
export interface AppDeps {
  config: Config;
  /** SQLite or PostgreSQL; repositories are built from it and features never see it. */
  db: Database;
  /** The workspace this install serves: every repository reads and writes only its rows. */
  workspace: Workspace;
  repos: Repositories;
  /** Spans several repository calls with one transaction. */
  transactor: Transactor;
  logger: Logger;
  clock: Clock;
  /** Nudge texts, tips and target guidance from content/coaching.yaml, validated at start. */
  coaching: CoachingContent;
  /** `/lead faq` questions, written in batches after the answer has gone out. */
  faqQuestions: FaqQuestionLog;
  /** Slack failures and job overruns, reported by /healthz as `degraded`. */
  health: HealthMonitor;
  /** What the linked calendars say (from the database), for the check-in, the no-code nudge and the summary. */
  calendar: CalendarHooks;
}

/**
 * A feature's own slice of the dependencies: the shared services it names and only the
 * repositories it names. The composition root builds each slice with `depsFor`.
 */
export type FeatureDeps<K extends Exclude<keyof AppDeps, 'repos' | 'db'>, R extends keyof Repositories> = Pick<AppDeps, K> & {
  repos: Pick<Repositories, R>;
};

/** Cuts a feature's slice out of the whole, so at run time too a feature holds only what it was given. */
export function depsFor<K extends Exclude<keyof AppDeps, 'repos' | 'db'>, R extends keyof Repositories>(
  deps: AppDeps,
  keys: readonly K[],
  repos: readonly R[],
): FeatureDeps<K, R> {
  const slice = {} as Pick<AppDeps, K>;
  for (const k of keys) slice[k] = deps[k];
  const repoSlice = {} as Pick<Repositories, R>;
  for (const r of repos) repoSlice[r] = deps.repos[r];
  return { ...slice, repos: repoSlice };
}

/**
 * Builds the dependencies from the four things the process provides. Loading the repositories
 * and the coaching content validates both, so broken content stops the start here.
 */
export function createAppDeps({ config, db, logger, clock, workspace }: Pick<AppDeps, 'config' | 'db' | 'logger' | 'clock' | 'workspace'>): AppDeps {
  const repos = createRepositories(db, workspace);
  const coaching = loadCoachingContent();
  coaching.require(NUDGE_CONTENT);
  coaching.require({ texts: COACHING_LINE_TEXT_KEYS });
  let faqQuestions: FaqQuestionLog | undefined;
  return {
    config,
    db,
    workspace,
    repos,
    transactor: db,
    logger,
    clock,
    coaching,
    // Built on first use, as the FAQ repository it writes through is (see createRepositories).
    get faqQuestions(): FaqQuestionLog {
      faqQuestions ??= createFaqQuestionLog(repos.faq, logger.child({ component: 'faq-questions' }));
      return faqQuestions;
    },
    health: new HealthMonitor(),
    calendar: createCalendarHooks({ repos, config }),
  };
}

/** What a job run is given: everything but the FAQ, which no job uses (so `run-job` never loads it). */
export type JobDeps = Omit<AppDeps, 'faqQuestions'>;

export function jobDeps(deps: AppDeps): JobDeps {
  const { config, db, workspace, repos, transactor, logger, clock, coaching, health, calendar } = deps;
  return { config, db, workspace, repos, transactor, logger, clock, coaching, health, calendar };
}
