import type { BlockAction, ButtonAction } from '@slack/bolt';

import { SUMMARY_ACTIONS } from './blocks';
import type { AppDeps } from '../../deps';
import { ensureRequestManager } from '../enrolment/service';
import { requestScope } from '../../core/slack/requestContext';
import { publishHome } from '../home/events';
import type { ActionRoutes } from '../../core/routers/actions';

/** The App Home's share toggle: the button carries the state it switches to, so a double press changes nothing more. */
export function registerSummaryActions(app: ActionRoutes, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(SUMMARY_ACTIONS.shareToggle, async ({ ack, body, action, client, context }) => {
    await ack();
    const userId = body.user.id;
    const scope = requestScope(context);
    const logger = scope.logger;
    await ensureRequestManager(deps, client, scope, userId, body.team?.id ?? body.user.team_id ?? '');
    const share = action.value === 'on';
    await deps.repos.managers.setShareInCohort(userId, share);
    logger.info({ share }, 'cohort sharing changed from the Home tab');
    await publishHome(client, deps, userId);
  });
}
