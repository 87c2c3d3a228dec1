import type { App } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';

import { minutesBlockId, TIME_LOG_MODAL, timeLogModal, timeLogSavedView } from './blocks';
import type { Manager } from '../enrolment/entities';
import type { AppDeps } from '../../deps';
import { CATEGORY_IDS, emptyMinutes, type CategoryId } from '../../core/categories';
import { formatMinutes, MINUTES_PER_DAY, parseDuration } from './rules/duration';
import { isValidLocalDate } from '../../core/dates/localDate';
import { parseWhen } from './rules/when';
import { ensureRequestManager } from '../enrolment/service';
import { requestScope } from '../../core/slack/requestContext';
import { todayFor } from './service';
import { publishHome } from '../home/events';

/** The time-log form for a day (today when the day is outside the loggable window), prefilled from the log. */
export async function timeLogModalFor(deps: AppDeps, manager: Manager, localDate: string): Promise<ModalView> {
  const today = todayFor(deps, manager);
  const day = isValidLocalDate(localDate) && parseWhen(localDate, today).ok ? localDate : today;
  const logged = await deps.repos.timeEntries.totals(manager.userId, day, day);
  return timeLogModal(day, today, logged);
}

/**
 * Opens the one-screen time-log form for `localDate` (YYYY-MM-DD in the manager's zone).
 * Used by `/lead log`, the App Home button and other features' "Log my day" buttons.
 */
export async function openTimeLogModal(
  client: WebClient,
  triggerId: string,
  manager: Manager,
  localDate: string,
  deps: AppDeps,
): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: await timeLogModalFor(deps, manager, localDate) });
}

function dayFromMetadata(privateMetadata: string): string | undefined {
  try {
    const parsed = JSON.parse(privateMetadata) as { localDate?: unknown };
    return typeof parsed.localDate === 'string' && isValidLocalDate(parsed.localDate) ? parsed.localDate : undefined;
  } catch {
    return undefined;
  }
}

/** Modal errors are plain text: drop the code marks used in chat answers. */
function plain(problem: string): string {
  return problem.replace(/`/g, '"');
}

export function registerTimeLogViews(app: App, deps: AppDeps): void {
  app.view(TIME_LOG_MODAL.callbackId, async ({ ack, body, view, client, context }) => {
    const userId = body.user.id;
    const scope = requestScope(context);
    const logger = scope.logger;
    // Only the database before the ack: Slack gives a form submission 3 seconds.
    const manager = scope.stored ? scope.manager : await deps.repos.managers.get(userId);
    const errors: Record<string, string> = {};
    if (!manager) {
      errors[TIME_LOG_MODAL.dayBlockId] = 'lead-coach has nothing stored about you any more; type /lead log to start again.';
      logger.info({ reason: 'not-enrolled' }, 'time log form refused');
      await ack({ response_action: 'errors', errors });
      return;
    }
    const today = todayFor(deps, manager);
    const day = dayFromMetadata(view.private_metadata);
    const when = day ? parseWhen(day, today) : undefined;
    if (!day || !when?.ok) {
      errors[TIME_LOG_MODAL.dayBlockId] = when && !when.ok ? plain(when.problem) : 'Choose the day to log.';
      logger.info({ reason: 'day' }, 'time log form refused');
      await ack({ response_action: 'errors', errors });
      return;
    }

    const minutes = emptyMinutes();
    let lastFilled: CategoryId | undefined;
    for (const category of CATEGORY_IDS) {
      const blockId = minutesBlockId(category, day);
      const raw = view.state.values[blockId]?.[TIME_LOG_MODAL.minutesActionId]?.value?.trim();
      if (!raw) continue;
      const parsed = parseDuration(raw);
      if (parsed.ok) {
        minutes[category] = parsed.value;
        lastFilled = category;
      } else {
        errors[blockId] = plain(parsed.problem);
      }
    }
    const total = CATEGORY_IDS.reduce((s, c) => s + minutes[c], 0);
    if (Object.keys(errors).length === 0 && total > MINUTES_PER_DAY && lastFilled) {
      errors[minutesBlockId(lastFilled, day)] = `These add up to ${formatMinutes(total)}, more than the 24 hours a day has.`;
    }
    if (Object.keys(errors).length > 0) {
      logger.info({ fields: Object.keys(errors) }, 'time log form refused');
      await ack({ response_action: 'errors', errors });
      return;
    }

    await deps.repos.timeEntries.replaceDay(userId, day, manager.timeZone, minutes, deps.clock.now());
    logger.info({ localDate: day, totalMinutes: total }, 'day replaced from the form');
    await ack({ response_action: 'update', view: timeLogSavedView(day, today, minutes) });
    await ensureRequestManager(deps, client, scope, userId, body.team?.id ?? body.user.team_id ?? '');
    await publishHome(client, deps, userId);
  });
}
