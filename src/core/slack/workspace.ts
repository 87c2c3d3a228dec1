import { plainMessage } from '../blockKit';
import { workspaceKeyOf, type Workspace } from '../workspace';
import type { RequestStep } from './pipeline';
import { requestScope } from './requestContext';

export const OTHER_WORKSPACE_TEXT =
  ':no_entry: lead-coach is installed for a different Slack workspace, so it did nothing with this request and stored nothing.';

/**
 * The request pipeline's stage (see pipeline.ts) that refuses requests from a workspace other than
 * the installed one: a slash command or button gets one ephemeral line, anything else is only
 * acknowledged; no listener runs, so nothing is stored. A request is compared by the same key rows
 * are stored under (team id, or org id for an org-wide install); one that names no team at all is let through.
 */
export function workspaceGuardStep(installed: Workspace): RequestStep {
  return async (args, next) => {
    const { context } = args;
    const requestKey = workspaceKeyOf({ teamId: context.teamId, enterpriseId: context.enterpriseId, isEnterpriseInstall: context.isEnterpriseInstall });
    if (!requestKey || requestKey === installed.id) {
      await next();
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
  };
}
