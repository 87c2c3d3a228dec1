import type { WebClient } from '@slack/web-api';

import type { SqlDatabase } from './db/sql';
import type { Logger } from './logger';
import { slackErrorCode } from './slack/errors';

/**
 * The workspace an install serves. Every stored row carries its key (`team_id`) next to the user
 * id, so several installs can share one database and the same user id in two of them is two people
 * with two separate sets of rows. Repositories read `id` on every statement.
 */
export interface Workspace {
  readonly id: string;
}

/** A workspace known up front: tests, benchmarks and tools that never ask Slack. */
export function fixedWorkspace(id: string): Workspace {
  if (!id) throw new Error('A workspace key cannot be empty');
  return { id };
}

/** What auth.test (or a request) says about where a token or request belongs. */
export interface SlackTeamIds {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

/**
 * The key rows are stored under: the team id, or the Enterprise Grid org id for an org-wide
 * install (its users are the org's, whichever of its workspaces they write from).
 */
export function workspaceKeyOf(ids: SlackTeamIds): string | undefined {
  if (ids.isEnterpriseInstall) return ids.enterpriseId || undefined;
  return ids.teamId || undefined;
}

export class WorkspaceNotKnown extends Error {
  constructor() {
    super('The installed workspace is not known yet: start() learns it from auth.test before serving anything');
    this.name = 'WorkspaceNotKnown';
  }
}

/** The install's own workspace, learned once from auth.test when the app starts. */
export class InstalledWorkspace implements Workspace {
  private key: string | undefined;

  get id(): string {
    if (this.key === undefined) throw new WorkspaceNotKnown();
    return this.key;
  }

  get known(): boolean {
    return this.key !== undefined;
  }

  learn(key: string): void {
    if (this.key !== undefined && this.key !== key) {
      throw new Error(`The bot token now belongs to another workspace (${key}, was ${this.key}): restart lead-coach`);
    }
    this.key = key;
  }
}

/**
 * Rows written before rows were keyed by workspace, that no manager's team could be inferred for
 * (a database that had no manager yet), were stored under ''. The first install to start on the
 * database takes them as its own, unless it already has rows of that kind.
 */
const UNKEYED_ROW_TABLES = ['summary_settings', 'cohort_posts', 'workspace_holidays', 'deliveries', 'faq_votes'] as const;

export async function adoptUnkeyedRows(db: SqlDatabase, workspace: Workspace): Promise<number> {
  const team = workspace.id;
  return db.transaction(async () => {
    let adopted = 0;
    for (const table of UNKEYED_ROW_TABLES) {
      const { changes } = await db.run(
        `UPDATE ${table} SET team_id = ? WHERE team_id = '' AND NOT EXISTS (SELECT 1 FROM ${table} mine WHERE mine.team_id = ?)`,
        [team, team],
      );
      adopted += changes;
    }
    return adopted;
  });
}

/** How long start-up keeps asking Slack which workspace it serves while Slack cannot be reached. */
export const WORKSPACE_LEARN_BUDGET_MS = 30_000;

/**
 * Asks Slack (auth.test) which workspace the bot token belongs to, remembers it, and adopts rows
 * stored before rows were keyed by workspace. Nothing may be stored or read before the workspace is
 * known, so this throws when Slack cannot say: at once when Slack answers with an error (a revoked
 * token), after `budgetMs` of backoff when Slack cannot be reached.
 */
export async function learnInstalledWorkspace(
  client: WebClient,
  workspace: InstalledWorkspace,
  db: SqlDatabase,
  logger: Logger,
  budgetMs = WORKSPACE_LEARN_BUDGET_MS,
): Promise<void> {
  const deadline = Date.now() + budgetMs;
  let auth: Awaited<ReturnType<WebClient['auth']['test']>> | undefined;
  for (let attempt = 1; !auth; attempt++) {
    try {
      auth = await client.auth.test();
    } catch (err) {
      const wait = Math.min(500 * 2 ** (attempt - 1), 5_000);
      if (slackErrorCode(err) !== undefined || Date.now() + wait > deadline) throw err;
      logger.warn({ err, attempt }, 'auth.test failed: asking Slack again which workspace this install serves');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  const key = workspaceKeyOf({ teamId: auth.team_id, enterpriseId: auth.enterprise_id, isEnterpriseInstall: auth.is_enterprise_install });
  if (!key) throw new Error('auth.test named no workspace for the bot token');
  workspace.learn(key);
  const adopted = await adoptUnkeyedRows(db, workspace);
  logger.info({ workspace: key, ...(adopted > 0 ? { adoptedRows: adopted } : {}) }, 'serving workspace');
}
