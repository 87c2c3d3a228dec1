import type { ModalView } from '@slack/types';

import { z } from '../../core/zod';

import { minutesBlockId, TIME_LOG_MODAL, timeLogSavedView } from './blocks';
import { CONFIRM_DAY_CALLBACK, confirmDayView, EDIT_MODAL, entrySavedView, planLines } from './historyBlocks';
import { editEntry, saveDay } from './history';
import { section, modal } from '../../core/blockKit';
import type { Manager } from '../enrolment';
import { CATEGORY_IDS, emptyMinutes, isCategoryId, type CategoryId, type CategoryMinutes } from '../../core/categories';
import { formatMinutes, MAX_ENTRY_MINUTES, MINUTES_PER_DAY, parseDuration } from './rules/duration';
import { MAX_NOTE_LENGTH } from './rules/logArgs';
import { formatDay, isValidLocalDate } from '../../core/dates/localDate';
import { parseWhen } from './rules/when';
import { requestScope, type RequestScope } from '../../core/slack/requestContext';
import { todayFor } from './service';
import type { TimeLogDeps } from './deps';
import type { ViewRoutes } from '../../core/routers/views';

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

/** The wanted minutes of every category from the form's fields, or the field errors. */
function readDayForm(view: { state: { values: Record<string, Record<string, { value?: string | null }>> } }, day: string):
  | { ok: true; minutes: CategoryMinutes }
  | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
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
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, minutes };
}

const confirmMetadata = z.object({
  localDate: z.string().refine(isValidLocalDate),
  minutes: z
    // An enum-keyed record requires every category, like CategoryMinutes.
    .record(z.enum(CATEGORY_IDS), z.number().int().min(0).max(MAX_ENTRY_MINUTES))
    .refine((m) => CATEGORY_IDS.reduce((s, c) => s + m[c], 0) <= MINUTES_PER_DAY),
  fingerprint: z.string(),
});

const editMetadata = z.object({ id: z.number().int().positive() });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const NOTHING_STORED = 'lead-coach has nothing stored about you any more; type /lead log to start again.';

/**
 * The submitter's stored record, from the database only: Slack gives a view submission 3 seconds, so
 * nothing is asked of Slack before the ack (a time zone is refreshed by the next command or Home visit).
 */
async function storedManager(deps: Pick<TimeLogDeps, 'repos'>, scope: RequestScope, userId: string): Promise<Manager | undefined> {
  return scope.stored ? scope.manager : deps.repos.managers.get(userId);
}

export function registerTimeLogViews(routes: ViewRoutes, deps: TimeLogDeps): void {
  routes.view(TIME_LOG_MODAL.callbackId, async ({ ack, body, view, client, context }) => {
    const userId = body.user.id;
    const scope = requestScope(context);
    const logger = scope.logger;
    const manager = await storedManager(deps, scope, userId);
    if (!manager) {
      logger.info({ reason: 'not-enrolled' }, 'time log form refused');
      await ack({ response_action: 'errors', errors: { [TIME_LOG_MODAL.dayBlockId]: NOTHING_STORED } });
      return;
    }
    const today = todayFor(deps, manager);
    const day = dayFromMetadata(view.private_metadata);
    const when = day ? parseWhen(day, today) : undefined;
    if (!day || !when?.ok) {
      logger.info({ reason: 'day' }, 'time log form refused');
      await ack({ response_action: 'errors', errors: { [TIME_LOG_MODAL.dayBlockId]: when && !when.ok ? plain(when.problem) : 'Choose the day to log.' } });
      return;
    }
    const form = readDayForm(view, day);
    if (!form.ok) {
      logger.info({ fields: Object.keys(form.errors) }, 'time log form refused');
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    const saved = await saveDay(deps, userId, day, manager.timeZone, form.minutes);
    if (!saved.saved) {
      logger.info({ localDate: day, categories: saved.plans.map((p) => p.category) }, 'day form asks to confirm lowered totals');
      await ack({ response_action: 'update', view: confirmDayView(day, form.minutes, saved.plans, saved.fingerprint) });
      return;
    }
    logger.info({ localDate: day, changedCategories: saved.plans.length }, 'day saved from the form');
    await ack({ response_action: 'update', view: timeLogSavedView(day, today, form.minutes, planLines(saved.plans, true)) });
    await deps.refreshHome(client, userId);
  });

  // The second step of the day form: the manager saw which entries change and confirms.
  routes.view(CONFIRM_DAY_CALLBACK, async ({ ack, body, view, client, context }) => {
    const userId = body.user.id;
    const scope = requestScope(context);
    const logger = scope.logger;
    const manager = await storedManager(deps, scope, userId);
    if (!manager) {
      await ack({ response_action: 'update', view: problemView('Day not saved', NOTHING_STORED) });
      return;
    }
    const today = todayFor(deps, manager);
    const metadata = confirmMetadata.safeParse(parseJson(view.private_metadata));
    const when = metadata.success ? parseWhen(metadata.data.localDate, today) : undefined;
    if (!metadata.success || !when?.ok) {
      logger.warn({ reason: metadata.success ? 'day' : 'metadata' }, 'day confirmation refused');
      const problem = when && !when.ok ? plain(when.problem) : 'This form could not be read.';
      await ack({ response_action: 'update', view: problemView('Day not saved', `${problem} Nothing was changed; open the form again with \`/lead log\`.`) });
      return;
    }
    const { localDate, minutes, fingerprint } = metadata.data;
    const saved = await saveDay(deps, userId, localDate, manager.timeZone, minutes, fingerprint);
    if (!saved.saved) {
      logger.info({ localDate }, 'day changed since the confirmation was shown');
      await ack({ response_action: 'update', view: confirmDayView(localDate, minutes, saved.plans, saved.fingerprint, true) });
      return;
    }
    logger.info({ localDate, changedCategories: saved.plans.length }, 'day saved from the form after confirmation');
    await ack({ response_action: 'update', view: timeLogSavedView(localDate, today, minutes, planLines(saved.plans, true)) });
    await deps.refreshHome(client, userId);
  });

  routes.view(EDIT_MODAL.callbackId, async ({ ack, body, view, client, context }) => {
    const userId = body.user.id;
    const scope = requestScope(context);
    const logger = scope.logger;
    const manager = await storedManager(deps, scope, userId);
    if (!manager) {
      await ack({ response_action: 'errors', errors: { [EDIT_MODAL.minutesBlockId]: NOTHING_STORED } });
      return;
    }
    const today = todayFor(deps, manager);
    const values = view.state.values;
    const field = (blockId: string) => values[blockId]?.[EDIT_MODAL.actionId];
    const errors: Record<string, string> = {};
    const metadata = editMetadata.safeParse(parseJson(view.private_metadata));
    const category = field(EDIT_MODAL.categoryBlockId)?.selected_option?.value ?? '';
    if (!isCategoryId(category)) errors[EDIT_MODAL.categoryBlockId] = 'Choose a category.';
    const duration = parseDuration(field(EDIT_MODAL.minutesBlockId)?.value ?? '');
    if (!duration.ok) errors[EDIT_MODAL.minutesBlockId] = plain(duration.problem);
    const day = parseWhen(field(EDIT_MODAL.dateBlockId)?.selected_option?.value ?? '', today);
    if (!day.ok) errors[EDIT_MODAL.dateBlockId] = plain(day.problem);
    const note = (field(EDIT_MODAL.noteBlockId)?.value ?? '').trim();
    if (note.length > MAX_NOTE_LENGTH) errors[EDIT_MODAL.noteBlockId] = `Your note is ${note.length} characters long; keep it to ${MAX_NOTE_LENGTH}.`;
    if (!metadata.success) errors[EDIT_MODAL.minutesBlockId] = 'This form could not be read; nothing was changed. Open the entry again from `/lead history`.';
    if (!metadata.success || !isCategoryId(category) || !duration.ok || !day.ok || Object.keys(errors).length > 0) {
      logger.info({ fields: Object.keys(errors) }, 'entry edit refused');
      await ack({ response_action: 'errors', errors });
      return;
    }
    const changes = { category, minutes: duration.value, localDate: day.value, note: note || null };
    const edit = await editEntry(deps, userId, metadata.data.id, changes, MINUTES_PER_DAY);
    if (!edit.ok) {
      const problem =
        edit.reason === 'missing'
          ? 'This entry is not in your log (it may have been deleted), so nothing was changed.'
          : `That would bring ${formatDay(day.value)} to ${formatMinutes(edit.dayMinutes + duration.value)}, more than 24 hours (${formatMinutes(edit.dayMinutes)} is logged already).`;
      // Someone else's entry id in a crafted form is refused here, as a missing one.
      logger[edit.reason === 'missing' ? 'warn' : 'info']({ entryId: metadata.data.id, reason: edit.reason }, 'entry edit refused');
      await ack({ response_action: 'errors', errors: { [EDIT_MODAL.minutesBlockId]: problem } });
      return;
    }
    logger.info({ entryId: edit.after.id, changed: edit.changed }, 'entry edited');
    await ack({ response_action: 'update', view: entrySavedView(edit.before, edit.after, edit.changed) });
    if (edit.changed) await deps.refreshHome(client, userId);
  });
}

function problemView(title: string, text: string): ModalView {
  return modal({ callbackId: 'time_log_problem', title, close: 'Close', blocks: [section(`:warning: ${text}`)] });
}
