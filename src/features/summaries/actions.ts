import type { BlockAction, ButtonAction } from '@slack/bolt';

import { SUMMARY_ACTIONS } from './blocks';
import { ensureRequestManager } from '../enrolment';
import { requestScope } from '../../core/slack/requestContext';
import type { ActionRoutes } from '../../core/routers/actions';
import type { SummaryDeps } from './deps';

/** The App Home's share toggle: the button carries the state it switches to, so a double press changes nothing more. */
export function registerSummaryActions(app: ActionRoutes, deps: SummaryDeps): void {
  app.action<BlockAction<ButtonAction>>(SUMMARY_ACTIONS.shareToggle, async ({ ack, body, action, client, context }) => {
    await ack();
    const userId = body.user.id;
    const scope = requestScope(context);
    const logger = scope.logger;
    await ensureRequestManager(deps, client, scope, userId);
    const share = action.value === 'on';
    await deps.repos.managers.setShareInCohort(userId, share);
    logger.info({ share }, 'cohort sharing changed from the Home tab');
    await deps.refreshHome(client, userId);
  });
}
