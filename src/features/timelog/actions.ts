import type { BlockAction, StaticSelectAction } from '@slack/bolt';

import { TIME_LOG_ACTIONS, TIME_LOG_MODAL } from './blocks';
import { ensureRequestManager } from '../enrolment';
import { requestScope } from '../../core/slack/requestContext';
import { todayFor } from './service';
import { openTimeLogModal, timeLogModalFor } from './views';
import type { ActionRoutes } from '../../core/routers/actions';
import type { TimeLogDeps } from './deps';

export function registerTimeLogActions(app: ActionRoutes, deps: TimeLogDeps): void {
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

  app.action<BlockAction>(TIME_LOG_ACTIONS.resetTargets, async ({ ack, body, client, context }) => {
    await ack();
    const userId = body.user.id;
    const { logger, manager } = requestScope(context);
    if (!manager) return;
    const reset = await deps.repos.targets.reset(userId);
    logger.info({ reset }, 'targets reset to defaults');
    await deps.refreshHome(client, userId);
  });
}
