import type { BlockAction, ButtonAction, RespondFn, StaticSelectAction } from '@slack/bolt';
import { z } from '../../core/zod';

import { TIME_LOG_ACTIONS, TIME_LOG_MODAL } from './blocks';
import { plainMessage } from '../../core/blockKit';
import { ensureRequestManager } from '../enrolment';
import { requestScope } from '../../core/slack/requestContext';
import { todayFor } from './service';
import { openTimeLogModal, timeLogModalFor } from './modal';
import { deleteEntry } from './history';
import { describeEntry, editEntryModal, HISTORY_ACTIONS, historyMessage, type HistoryRange } from './historyBlocks';
import { isValidLocalDate } from '../../core/dates/localDate';
import { loggableDays, MAX_DAYS_BACK } from './rules/when';
import type { ActionHandler, ActionRoutes } from '../../core/routers/actions';
import type { TimeLogDeps } from './deps';

const localDate = z.string().refine(isValidLocalDate);
const rangeValue = z.object({ from: localDate, to: localDate, page: z.number().int().min(0) });
const entryValue = z.object({ id: z.number().int().positive() });
const deleteValue = entryValue.extend(rangeValue.shape);

function parseValue<T>(schema: z.ZodType<T>, value: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** An answer next to a history message, leaving the list as it is. */
async function tell(respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, ...plainMessage(text) });
}

const STALE_BUTTON = 'That button is from an older message; nothing was changed. `/lead history` lists your entries again.';
const NOT_YOURS = 'That entry is not in your log (it may have been deleted already), so nothing was changed.';

export function registerTimeLogActions(app: ActionRoutes, deps: TimeLogDeps): void {
  // History: Edit opens the entry's form; only the presser's own entries are found.
  app.action<BlockAction<ButtonAction>>(HISTORY_ACTIONS.edit, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const { logger, manager } = requestScope(context);
    const value = parseValue(entryValue, action.value);
    if (!value) {
      await tell(respond, STALE_BUTTON);
      return;
    }
    const entry = manager ? await deps.repos.timeEntries.get(manager.userId, value.id) : undefined;
    if (!manager || !entry) {
      logger.warn({ entryId: value.id }, 'edit of an entry not in the presser\'s log refused');
      await tell(respond, NOT_YOURS);
      return;
    }
    const today = todayFor(deps, manager);
    if (!loggableDays(today).includes(entry.localDate)) {
      await tell(respond, `${describeEntry(entry)} is more than ${MAX_DAYS_BACK} days ago, so it can no longer be edited. \`/lead export\` sends you your whole log.`);
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: editEntryModal(entry, today) });
  });

  // History: Delete (after Slack's confirm dialog) deletes and shows the list again in place.
  app.action<BlockAction<ButtonAction>>(HISTORY_ACTIONS.delete, async ({ ack, action, respond, client, context }) => {
    await ack();
    const { logger, manager } = requestScope(context);
    const value = parseValue(deleteValue, action.value);
    if (!value) {
      await tell(respond, STALE_BUTTON);
      return;
    }
    const deleted = manager ? await deleteEntry(deps, manager.userId, value.id) : undefined;
    if (!manager || !deleted) {
      logger.warn({ entryId: value.id }, 'delete of an entry not in the presser\'s log refused');
      await tell(respond, NOT_YOURS);
      return;
    }
    logger.info({ entryId: deleted.id }, 'entry deleted');
    const notice = `:wastebasket: Deleted ${describeEntry(deleted)}. \`/lead undo\` brings it back.`;
    await showRange(respond, manager.userId, value, notice);
    await deps.refreshHome(client, manager.userId);
  });

  const turnPage: ActionHandler<BlockAction<ButtonAction>> = async ({ ack, action, respond, context }) => {
    await ack();
    const { manager } = requestScope(context);
    const value = parseValue(rangeValue, action.value);
    if (!value || !manager) {
      await tell(respond, STALE_BUTTON);
      return;
    }
    await showRange(respond, manager.userId, value);
  };
  app.action<BlockAction<ButtonAction>>(HISTORY_ACTIONS.more, turnPage);
  app.action<BlockAction<ButtonAction>>(HISTORY_ACTIONS.previous, turnPage);

  async function showRange(respond: RespondFn, userId: string, range: HistoryRange, notice?: string): Promise<void> {
    const entries = await deps.repos.timeEntries.between(userId, range.from, range.to);
    await respond({ response_type: 'ephemeral', replace_original: true, ...historyMessage(entries, range, notice) });
  }

  app.action<BlockAction>(TIME_LOG_ACTIONS.openModal, async ({ ack, body, client, context }) => {
    await ack();
    const scope = requestScope(context);
    const { manager } = await ensureRequestManager(deps, client, scope, body.user.id);
    await openTimeLogModal(client, body.trigger_id, manager, todayFor(deps, manager), deps);
  });

  // Choosing another day in the form shows that day's durations (the input ids change with the day).
  app.action<BlockAction<StaticSelectAction>>(TIME_LOG_MODAL.dayActionId, async ({ ack, body, action, client, context }) => {
    await ack();
    const scope = requestScope(context);
    const view = body.view;
    if (!view) return;
    const { manager } = await ensureRequestManager(deps, client, scope, body.user.id);
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
