import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { plainMessage } from '../blockKit';
import { requestScope } from './requestContext';

export const OTHER_WORKSPACE_TEXT =
  ':no_entry: lead-coach is installed for a different Slack workspace, so it did nothing with this request and stored nothing.';

/**
 * The id of the workspace the bot token belongs to, from auth.test, asked once and cached.
 * A failed call is not cached, so the next request asks again.
 */
export function installedWorkspace(client: WebClient): () => Promise<string | undefined> {
  let team: Promise<string | undefined> | undefined;
  return () => {
    team ??= client.auth.test().then(
      (res) => res.team_id,
      (err: unknown) => {
        team = undefined;
        throw err;
      },
    );
    return team;
  };
}

/**
 * A global middleware that refuses requests from a workspace other than the installed one: a
 * slash command or button gets one ephemeral line, anything else is only acknowledged; no
 * listener runs, so nothing is stored. (Tables are not keyed by workspace: one install, one team.)
 */
export function registerWorkspaceGuard(app: App, installedTeam: () => Promise<string | undefined>): void {
  app.use(async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const requestTeam = args.context.teamId;
    const scope = requestScope(args.context);
    let expected: string | undefined;
    try {
      expected = requestTeam ? await installedTeam() : undefined;
    } catch (err) {
      scope.logger.warn({ err }, 'auth.test failed: the workspace of this request was not checked');
    }
    if (!expected || expected === requestTeam) {
      await args.next();
      return;
    }
    scope.logger.warn({ requestTeam, installedTeam: expected }, 'request from another workspace refused');
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
