import type { BlockAction, StaticSelectAction } from '@slack/bolt';

import { welcomeHomeView } from '../home/blocks';
import { forgottenMessage, TIME_LOG_ACTIONS, TIME_LOG_MODAL } from './blocks';
import { plainMessage } from '../../core/blockKit';
import type { AppDeps } from '../../deps';
import { ensureRequestManager } from '../enrolment/service';
import { requestScope } from '../../core/slack/requestContext';
import { todayFor } from './service';
import { publishHome } from '../home/events';
import { openTimeLogModal, timeLogModalFor } from './views';
import type { ActionRoutes } from '../../core/routers/actions';

export function registerTimeLogActions(app: ActionRoutes, deps: AppDeps): void {
  app.action<BlockAction>(TIME_LOG_ACTIONS.openModal, async ({ ack, body, client, context }) => {
    await ack();
    const scope = requestScope(context);
    const { manager } = await ensureRequestManager(deps, client, scope, body.user.id, body.team?.id ?? body.user.team_id ?? '');
    await openTimeLogModal(client, body.trigger_id, manager, todayFor(deps, manager), deps);
  });

  // Choosing another day in the form shows that day's durations (the input ids change with the day).
  app.action<BlockAction<StaticSelectAction>>(TIME_LOG_MODAL.dayActionId, async ({ ack, body, action, client, context }) => {
    await ack();
    const scope = requestScope(context);
    const view = body.view;
    if (!view) return;
    const { manager } = await ensureRequestManager(deps, client, scope, body.user.id, body.team?.id ?? body.user.team_id ?? '');
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: await timeLogModalFor(deps, manager, action.selected_option.value),
    });
  });

  app.action<BlockAction>(TIME_LOG_ACTIONS.forgetMeConfirm, async ({ ack, body, respond, client, context }) => {
    await ack();
    const userId = body.user.id;
    const { logger } = requestScope(context);
    // Always the person who pressed the button: nobody can delete someone else's data.
    const deleted = await deps.repos.personalData.deleteAll(userId);
    logger.info({ byTable: deleted.byTable, managerRecord: deleted.managerRecord }, 'personal data deleted');
    await respond({ response_type: 'ephemeral', replace_original: true, ...forgottenMessage(deleted.byTable, deleted.managerRecord) });
    await client.views.publish({ user_id: userId, view: welcomeHomeView() });
  });

  app.action<BlockAction>(TIME_LOG_ACTIONS.forgetMeCancel, async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: true, ...plainMessage('Nothing was deleted.') });
  });

  app.action<BlockAction>(TIME_LOG_ACTIONS.resetTargets, async ({ ack, body, client, context }) => {
    await ack();
    const userId = body.user.id;
    const { logger, manager } = requestScope(context);
    if (!manager) return;
    const reset = await deps.repos.targets.reset(userId);
    logger.info({ reset }, 'targets reset to defaults');
    await publishHome(client, deps, userId);
  });
}
