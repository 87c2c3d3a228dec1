
import { requestScope } from '../../core/slack/requestContext';
import { CALENDAR_MODAL, CALENDAR_OFF_TEXT, checkingView, linkedView, notLinkedView } from './blocks';
import type { CalendarDeps } from './deps';
import { checkAddress, linkCalendar } from './link';
import type { ViewRoutes } from '../../core/routers/views';

/** Modal errors are plain text: no code marks. */
function plain(text: string): string {
  return text.replace(/`/g, '"').replace(/\*/g, '');
}

/**
 * The link modal's submission. The address's shape is checked before the ack (an error shows under
 * the field); reading the feed takes up to 10 s, so the modal says it is reading, and is updated with
 * the outcome. Nothing is stored unless the feed reads as a calendar.
 */
export function registerCalendarViews(routes: ViewRoutes, deps: CalendarDeps): void {
  routes.view(CALENDAR_MODAL.callbackId, async ({ ack, body, view, client, context }) => {
    const scope = requestScope(context);
    const logger = scope.logger;
    const value = view.state.values[CALENDAR_MODAL.blockId]?.[CALENDAR_MODAL.actionId]?.value ?? '';
    const checked = checkAddress(value);
    if (!checked.ok) {
      logger.info({ reason: 'address' }, 'calendar address refused');
      await ack({ response_action: 'errors', errors: { [CALENDAR_MODAL.blockId]: plain(checked.problem) } });
      return;
    }
    if (!deps.config.secretKey) {
      await ack({ response_action: 'errors', errors: { [CALENDAR_MODAL.blockId]: plain(CALENDAR_OFF_TEXT) } });
      return;
    }
    const manager = scope.stored ? scope.manager : await deps.repos.managers.get(body.user.id);
    if (!manager) {
      await ack({ response_action: 'errors', errors: { [CALENDAR_MODAL.blockId]: 'lead-coach has nothing stored about you; type /lead calendar again.' } });
      return;
    }
    await ack({ response_action: 'update', view: checkingView() });
    const result = await linkCalendar(deps, manager, value, logger);
    await client.views.update({
      view_id: body.view.id,
      view: result.ok ? linkedView(result.value.hint, result.value.eventsThisWeek) : notLinkedView(result.problem),
    });
  });
}
