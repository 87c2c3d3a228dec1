import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';

import { formatSource, type TargetGuidance } from '../../core/content/coaching';
import type { TimeEntry } from './entities';
import type { Undone } from './history';
import { CATEGORIES, CATEGORY_IDS, categoryById, type CategoryId, type CategoryMinutes } from '../../core/categories';
import { formatMinutes, formatMinutesCompact } from './rules/duration';
import { formatDay } from '../../core/dates/localDate';
import type { Targets } from './rules/targets';
import { loggableDays } from './rules/when';
import { context, divider, escapeUserText, header, message, plainMessage, section, truncate, type Message, modal } from '../../core/blockKit';

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
  return message(text, [section(lines.join('\n')), context('Made a mistake? `/lead undo` removes it; `/lead history` lists your entries to edit or delete.')]);
}

export function dayTooLongProblem(localDate: string, alreadyMinutes: number, addingMinutes: number): string {
  return (
    `That would bring ${formatDay(localDate)} to ${formatMinutes(alreadyMinutes + addingMinutes)}, more than 24 hours ` +
    `(${formatMinutes(alreadyMinutes)} is logged already).`
  );
}

function undoneText(undone: Undone, today: string, dayMinutes: CategoryMinutes): string {
  const { action } = undone;
  const first = action.kind === 'log' ? action.after[0] : action.before[0];
  const entry = first ? `*${first.category} ${formatMinutes(first.minutes)}* for ${dayLabel(first.localDate, today)}` : 'the entry';
  const note = first?.note ? ` (_${escapeUserText(truncate(first.note, 200))}_)` : '';
  switch (action.kind) {
    case 'log':
      return `Removed ${entry}${note}.`;
    case 'delete':
      return `Restored ${entry}${note}, which you had deleted.`;
    case 'edit':
      return `Undid your edit: the entry is back to ${entry}${note}.`;
    case 'form': {
      const total = sum(dayMinutes);
      const day = dayLabel(action.localDate, today);
      return total === 0
        ? `Undid your form save for ${day}: nothing is logged for that day again.`
        : `Undid your form save for ${day}: it is back to *${formatMinutes(total)}* (${dayBreakdown(dayMinutes)}).`;
    }
  }
}

/** What `/lead undo` reverted (a whole action: a log, a form save, an edit or a delete). */
export function undoMessage(undone: Undone | undefined, today: string, todayMinutes: number, dayMinutes: CategoryMinutes): Message {
  if (!undone) return plainMessage('Nothing to undo: there is no change to your log left to undo.');
  const lead = undone.duplicate ? ':information_source: Already undone (this request was received twice and undone once):' : ':leftwards_arrow_with_hook:';
  const text = `${lead} ${undoneText(undone, today, dayMinutes)} Today's total is now *${formatMinutes(todayMinutes)}*.`;
  return message(text.replace(/\*/g, '').replace(/^:[a-z_]+: /, ''), [section(text), context('`/lead undo` again reverts the change before it.')]);
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

/** An entry as the day form lists it under its category: `1h "with Dana about her promo"`. */
function entryInForm(entry: TimeEntry): string {
  return `${formatMinutes(entry.minutes)}${entry.note ? ` “${escapeUserText(truncate(entry.note.replace(/\s+/g, ' '), 60))}”` : ''}`;
}

/** The one-screen form: a day picker and a duration field per category, prefilled with that day. */
export function timeLogModal(localDate: string, today: string, logged: CategoryMinutes, entries: readonly TimeEntry[] = []): ModalView {
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
    context('Durations like `90m`, `1.5h` or `1h30m`. Leave a field empty for none. Entries and notes you keep stay as they are; lowering a total shows which entries change before saving.'),
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
    const own = entries.filter((e) => e.category === c.id);
    if (own.some((e) => e.note)) blocks.push(context(truncate(`Made of: ${own.map(entryInForm).join(' · ')}`, 2000)));
  }
  return modal({
    callbackId: TIME_LOG_MODAL.callbackId,
    privateMetadata: JSON.stringify({ localDate }),
    title: 'Log your day',
    submit: 'Save day',
    close: 'Cancel',
    blocks,
  });
}

/** Shown in place of the form once a day is saved, with what changed per category. */
export function timeLogSavedView(localDate: string, today: string, minutes: CategoryMinutes, changes: readonly string[] = []): ModalView {
  const total = sum(minutes);
  const text =
    total === 0
      ? `:white_check_mark: Cleared everything logged for ${dayLabel(localDate, today)}.`
      : `:white_check_mark: Saved ${dayLabel(localDate, today)}: *${formatMinutes(total)}* (${dayBreakdown(minutes)}).`;
  const blocks: KnownBlock[] = [section(text)];
  if (changes.length === 0) blocks.push(section('Nothing changed: the form matched your log.'));
  // Two lines a section, so a day with many entries stays within the 3000 characters of one.
  for (let i = 0; i < changes.length; i += 2) blocks.push(section(changes.slice(i, i + 2).join('\n')));
  blocks.push(context('`/lead undo` reverts this whole save · `/lead history` lists your entries · `/lead week` shows your week.'));
  return modal({ callbackId: 'time_log_saved', title: 'Day saved', close: 'Done', blocks });
}

export function exportSentMessage(count: number): Message {
  return plainMessage(`:page_facing_up: Sent you ${count} ${count === 1 ? 'entry' : 'entries'} as a CSV file in our direct messages.`);
}

export function exportFailedMessage(slackError: string): Message {
  return plainMessage(
    `:warning: Slack refused the export (\`${slackError}\`), so no file was sent. Please try \`/lead export\` again in a minute.`,
  );
}
