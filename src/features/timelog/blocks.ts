import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';

import { formatSource, type TargetGuidance } from '../../core/content/coaching';
import type { TimeEntry } from './entities';
import { CATEGORIES, CATEGORY_IDS, categoryById, type CategoryId, type CategoryMinutes } from '../../core/categories';
import { formatMinutes, formatMinutesCompact } from './rules/duration';
import { formatDay } from '../../core/dates/localDate';
import type { Targets } from './rules/targets';
import { loggableDays } from './rules/when';
import { context, divider, escapeUserText, header, message, plainMessage, section, truncate, type Message } from '../../core/blockKit';

export const LOG_EXAMPLE = '/lead log coding 90m yesterday reviewing PRs';
export const TARGETS_EXAMPLE = '/lead targets coding 0-25';

export const TIME_LOG_MODAL = {
  callbackId: 'time_log_modal',
  dayBlockId: 'time_log_day',
  dayActionId: 'time_log_day_select',
  minutesActionId: 'minutes',
} as const;

export const TIME_LOG_ACTIONS = {
  openModal: 'time_log_open_modal',
  resetTargets: 'time_log_reset_targets',
} as const;

function dayLabel(localDate: string, today: string): string {
  if (localDate === today) return `today (${formatDay(localDate)})`;
  return formatDay(localDate);
}

function dayBreakdown(minutes: CategoryMinutes): string {
  return CATEGORY_IDS.filter((c) => minutes[c] > 0)
    .map((c) => `${c} ${formatMinutes(minutes[c])}`)
    .join(', ');
}

export interface LogConfirmation {
  entry: TimeEntry;
  duplicate: boolean;
  today: string;
  dayMinutes: CategoryMinutes;
  todayMinutes: CategoryMinutes;
}

function sum(minutes: CategoryMinutes): number {
  return CATEGORY_IDS.reduce((s, c) => s + minutes[c], 0);
}

/** What `/lead log` stored, and the running total of that day (and of today, when it was another day). */
export function logConfirmationMessage(c: LogConfirmation): Message {
  const { entry } = c;
  const what = `*${entry.category} ${formatMinutes(entry.minutes)}* for ${dayLabel(entry.localDate, c.today)}`;
  const note = entry.note ? ` · _${escapeUserText(truncate(entry.note, 200))}_` : '';
  const lead = c.duplicate ? ':information_source: Already logged (this request was received twice and stored once):' : ':white_check_mark: Logged';
  const dayTotal = `${entry.localDate === c.today ? "Today's" : `${formatDay(entry.localDate)}'s`} total: *${formatMinutes(sum(c.dayMinutes))}* (${dayBreakdown(c.dayMinutes)})`;
  const lines = [`${lead} ${what}${note}.`, dayTotal];
  if (entry.localDate !== c.today) {
    const todayTotal = sum(c.todayMinutes);
    lines.push(`Today so far: *${formatMinutes(todayTotal)}*${todayTotal > 0 ? ` (${dayBreakdown(c.todayMinutes)})` : ''}`);
  }
  const text = lines.join('\n').replace(/\*/g, '').replace(/:[a-z_]+: /g, '');
  return message(text, [section(lines.join('\n')), context('Made a mistake? `/lead undo` removes your last entry.')]);
}

export function dayTooLongProblem(localDate: string, alreadyMinutes: number, addingMinutes: number): string {
  return (
    `That would bring ${formatDay(localDate)} to ${formatMinutes(alreadyMinutes + addingMinutes)}, more than 24 hours ` +
    `(${formatMinutes(alreadyMinutes)} is logged already).`
  );
}

export function undoMessage(removed: TimeEntry | undefined, today: string, todayMinutes: number): Message {
  if (!removed) return plainMessage('Nothing to undo: you have no time entries.');
  const note = removed.note ? ` (_${escapeUserText(truncate(removed.note, 200))}_)` : '';
  const text = `:leftwards_arrow_with_hook: Removed *${removed.category} ${formatMinutes(removed.minutes)}* for ${dayLabel(removed.localDate, today)}${note}. Today's total is now *${formatMinutes(todayMinutes)}*.`;
  return message(text.replace(/\*/g, '').replace(/^:[a-z_]+: /, ''), [section(text)]);
}

/** `/lead targets`: every category's range, whether it is the default, and why that range. */
export function targetsMessage(targets: Targets, guidance: (c: CategoryId) => TargetGuidance, warning?: string): Message {
  const blocks: KnownBlock[] = [header('Your time targets')];
  if (warning) blocks.push(section(`:warning: ${warning}`));
  for (const c of CATEGORIES) {
    const t = targets[c.id];
    const g = guidance(c.id);
    const origin = t.custom ? `your own (default ${g.min}–${g.max}%)` : 'default';
    blocks.push(section(`${c.emoji} *${c.label}* · *${t.min}–${t.max}%* of your week · ${origin}\n${g.text}`));
    blocks.push(context(formatSource(g.source)));
  }
  blocks.push(context(`Set your own: \`${TARGETS_EXAMPLE}\` · back to the default: \`/lead targets coding default\` · all: \`/lead targets reset\``));
  const text = `Your time targets: ${CATEGORY_IDS.map((c) => `${c} ${targets[c].min}–${targets[c].max}%`).join(', ')}`;
  return message(text, blocks);
}

export function targetSetMessage(category: CategoryId, range: { min: number; max: number } | undefined, warning?: string): Message {
  const label = categoryById(category).label;
  const text = range
    ? `:dart: ${label} target set to *${range.min}–${range.max}%* of your week.`
    : `:dart: ${label} target is back to the default.`;
  const blocks = [section(text)];
  if (warning) blocks.push(section(`:warning: ${warning}`));
  blocks.push(context('See all targets with `/lead targets`, your split with `/lead week`.'));
  return message(`${text}${warning ? ` ${warning}` : ''}`.replace(/\*/g, ''), blocks);
}

function dayOption(localDate: string, today: string): PlainTextOption {
  const yesterday = loggableDays(today)[1];
  const label = localDate === today ? `Today · ${formatDay(localDate)}` : localDate === yesterday ? `Yesterday · ${formatDay(localDate)}` : formatDay(localDate);
  return { text: { type: 'plain_text', text: label }, value: localDate };
}

export function minutesBlockId(category: CategoryId, localDate: string): string {
  // The date is part of the id so that Slack shows fresh prefilled values after the day changes.
  return `time_log_${category}_${localDate}`;
}

/** The one-screen form: a day picker and a duration field per category, prefilled with that day. */
export function timeLogModal(localDate: string, today: string, logged: CategoryMinutes): ModalView {
  const options = loggableDays(today).map((d) => dayOption(d, today));
  const initial = options.find((o) => o.value === localDate) ?? options[0];
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: TIME_LOG_MODAL.dayBlockId,
      dispatch_action: true,
      label: { type: 'plain_text', text: 'Day' },
      element: { type: 'static_select', action_id: TIME_LOG_MODAL.dayActionId, options, ...(initial ? { initial_option: initial } : {}) },
    },
    context('Durations like `90m`, `1.5h` or `1h30m`. Leave a field empty for none. Saving replaces what is logged for this day.'),
    divider(),
  ];
  for (const c of CATEGORIES) {
    const minutes = logged[c.id];
    blocks.push({
      type: 'input',
      block_id: minutesBlockId(c.id, localDate),
      optional: true,
      label: { type: 'plain_text', text: `${c.label}`, emoji: true },
      hint: { type: 'plain_text', text: c.description },
      element: {
        type: 'plain_text_input',
        action_id: TIME_LOG_MODAL.minutesActionId,
        placeholder: { type: 'plain_text', text: 'e.g. 1h30m' },
        ...(minutes > 0 ? { initial_value: formatMinutesCompact(minutes) } : {}),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: TIME_LOG_MODAL.callbackId,
    private_metadata: JSON.stringify({ localDate }),
    title: { type: 'plain_text', text: 'Log your day' },
    submit: { type: 'plain_text', text: 'Save day' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** Shown in place of the form once a day is saved. */
export function timeLogSavedView(localDate: string, today: string, minutes: CategoryMinutes): ModalView {
  const total = sum(minutes);
  const text =
    total === 0
      ? `:white_check_mark: Cleared everything logged for ${dayLabel(localDate, today)}.`
      : `:white_check_mark: Saved ${dayLabel(localDate, today)}: *${formatMinutes(total)}* (${dayBreakdown(minutes)}).`;
  return {
    type: 'modal',
    callback_id: 'time_log_saved',
    title: { type: 'plain_text', text: 'Day saved' },
    close: { type: 'plain_text', text: 'Done' },
    blocks: [section(text), context('See your week with `/lead week` or on the lead-coach Home tab.')],
  };
}

export function exportSentMessage(count: number): Message {
  return plainMessage(`:page_facing_up: Sent you ${count} ${count === 1 ? 'entry' : 'entries'} as a CSV file in our direct messages.`);
}

export function exportFailedMessage(slackError: string): Message {
  return plainMessage(
    `:warning: Slack refused the export (\`${slackError}\`), so no file was sent. Please try \`/lead export\` again in a minute.`,
  );
}
