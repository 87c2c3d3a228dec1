import type { BlockAction } from '@slack/bolt';

import { plainMessage } from '../../core/blockKit';
import type { ActionRoutes } from '../../core/routers/actions';
import { requestScope } from '../../core/slack/requestContext';
import { forgottenMessage, PRIVACY_ACTIONS } from './blocks';
import type { PrivacyDeps } from './deps';

export function registerPrivacyActions(app: ActionRoutes, deps: PrivacyDeps): void {
  app.action<BlockAction>(PRIVACY_ACTIONS.forgetMeConfirm, async ({ ack, body, respond, client, context }) => {
    await ack();
    const userId = body.user.id;
    const { logger } = requestScope(context);
    // Always the person who pressed the button: nobody can delete someone else's data.
    const deleted = await deps.repos.personalData.deleteAll(userId);
    logger.info({ byTable: deleted.byTable, managerRecord: deleted.managerRecord }, 'personal data deleted');
    await respond({ response_type: 'ephemeral', replace_original: true, ...forgottenMessage(deleted.byTable, deleted.managerRecord) });
    await deps.refreshHome(client, userId);
  });

  app.action<BlockAction>(PRIVACY_ACTIONS.forgetMeCancel, async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: true, ...plainMessage('Nothing was deleted.') });
  });
}
