import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { plainMessage } from '../blockKit';
import type { SqlDatabase } from '../db/sql';
import type { Logger } from '../logger';
import { adoptUnkeyedRows, workspaceKeyOf, type InstalledWorkspace, type Workspace } from '../workspace';
import { requestScope } from './requestContext';

export const OTHER_WORKSPACE_TEXT =
  ':no_entry: lead-coach is installed for a different Slack workspace, so it did nothing with this request and stored nothing.';

/**
 * Asks Slack (auth.test) which workspace the bot token belongs to, remembers it, and adopts rows
 * stored before rows were keyed by workspace. Throws when Slack cannot say: nothing may be stored
 * or read before the workspace is known. The client's own retry policy covers a brief outage.
 */
export async function learnInstalledWorkspace(client: WebClient, workspace: InstalledWorkspace, db: SqlDatabase, logger: Logger): Promise<void> {
  const auth = await client.auth.test();
  const key = workspaceKeyOf({ teamId: auth.team_id, enterpriseId: auth.enterprise_id, isEnterpriseInstall: auth.is_enterprise_install });
  if (!key) throw new Error('auth.test named no workspace for the bot token');
  workspace.learn(key);
  const adopted = await adoptUnkeyedRows(db, workspace);
  logger.info({ workspace: key, ...(adopted > 0 ? { adoptedRows: adopted } : {}) }, 'serving workspace');
}

/**
 * A global middleware that refuses requests from a workspace other than the installed one: a
 * slash command or button gets one ephemeral line, anything else is only acknowledged; no
 * listener runs, so nothing is stored. A request is compared by the same key rows are stored under
 * (team id, or org id for an org-wide install); one that names no team at all is let through.
 */
export function registerWorkspaceGuard(app: App, installed: Workspace): void {
  app.use(async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const { context } = args;
    const requestKey = workspaceKeyOf({ teamId: context.teamId, enterpriseId: context.enterpriseId, isEnterpriseInstall: context.isEnterpriseInstall });
    if (!requestKey || requestKey === installed.id) {
      await args.next();
      return;
    }
    const scope = requestScope(context);
    scope.logger.warn({ requestWorkspace: requestKey, installedWorkspace: installed.id }, 'request from another workspace refused');
    if ('command' in args) {
      await args.ack({ response_type: 'ephemeral', ...plainMessage(OTHER_WORKSPACE_TEXT) });
    } else if ('action' in args) {
      await args.ack();
      await args.respond({ response_type: 'ephemeral', replace_original: false, ...plainMessage(OTHER_WORKSPACE_TEXT) });
    } else if ('view' in args || 'shortcut' in args) {
      await args.ack();
    } else if ('options' in args) {
      await args.ack({ options: [] });
    }
  });
}
