/** Opening the day form: what other features' buttons call (no listener and no form parsing, so jobs can load it). */
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';

import { timeLogModal } from './blocks';
import type { Manager } from '../enrolment';
import { CATEGORY_IDS, emptyMinutes, type CategoryMinutes } from '../../core/categories';
import { isValidLocalDate } from '../../core/dates/localDate';
import { parseWhen } from './rules/when';
import { todayFor } from './service';
import type { TimeLogDeps } from './deps';

/** What the day form reads: the check-in's button opens it with the nudges' own dependencies. */
export type ModalDeps = Pick<TimeLogDeps, 'clock'> & { repos: Pick<TimeLogDeps['repos'], 'timeEntries'> };

/** The time-log form for a day (today when the day is outside the loggable window), prefilled from the log. */
export async function timeLogModalFor(deps: ModalDeps, manager: Manager, localDate: string, prefill?: CategoryMinutes): Promise<ModalView> {
  const today = todayFor(deps, manager);
  const day = isValidLocalDate(localDate) && parseWhen(localDate, today).ok ? localDate : today;
  const entries = await deps.repos.timeEntries.between(manager.userId, day, day);
  const logged = emptyMinutes();
  for (const e of entries) logged[e.category] += e.minutes;
  // A suggestion (the calendar's) raises a field to it, never below what is logged: saving adds the difference.
  if (prefill && day === localDate) for (const c of CATEGORY_IDS) logged[c] = Math.max(logged[c], prefill[c]);
  return timeLogModal(day, today, logged, entries);
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
  deps: ModalDeps,
  /** Values to suggest in the fields (the calendar's day); what is logged already is never lowered. */
  prefill?: CategoryMinutes,
): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: await timeLogModalFor(deps, manager, localDate, prefill) });
}
