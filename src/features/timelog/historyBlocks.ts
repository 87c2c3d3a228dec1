import type { ActionsBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';

import { CATEGORIES, type CategoryMinutes } from '../../core/categories';
import { formatDay } from '../../core/dates/localDate';
import { context, escapeUserText, header, message, section, SLACK_LIMITS, truncate, type Message, modal } from '../../core/blockKit';
import type { TimeEntry } from './entities';
import { formatMinutes, formatMinutesCompact } from './rules/duration';
import { MAX_NOTE_LENGTH } from './rules/logArgs';
import { loggableDays } from './rules/when';
import type { CategoryPlan, EntryChange } from './rules/dayPlan';

export const HISTORY_EXAMPLE = '/lead history last';

/** Entries per page: each takes two blocks (text, buttons), and a message holds at most 50. */
export const HISTORY_PAGE_SIZE = 20;

export const HISTORY_ACTIONS = {
  edit: 'time_log_history_edit',
  delete: 'time_log_history_delete',
  more: 'time_log_history_more',
  previous: 'time_log_history_previous',
} as const;

export const EDIT_MODAL = {
  callbackId: 'time_log_edit_entry',
  categoryBlockId: 'time_log_edit_category',
  minutesBlockId: 'time_log_edit_minutes',
  dateBlockId: 'time_log_edit_date',
  noteBlockId: 'time_log_edit_note',
  actionId: 'value',
} as const;

export const CONFIRM_DAY_CALLBACK = 'time_log_confirm_day';

/** Which entries a history message shows: local dates from..to inclusive, and the page. */
export interface HistoryRange {
  from: string;
  to: string;
  page: number;
}

/** `note`, shortened and escaped for mrkdwn, in quotes. */
function quotedNote(note: string, max = 80): string {
  return `“${escapeUserText(truncate(note.replace(/\s+/g, ' '), max))}”`;
}

/** `*people 1h* on Wed 18 Nov (_with Dana_)`: one entry as a line of mrkdwn. */
export function describeEntry(entry: TimeEntry): string {
  const note = entry.note ? ` (_${escapeUserText(truncate(entry.note, 200))}_)` : '';
  return `*${entry.category} ${formatMinutes(entry.minutes)}* on ${formatDay(entry.localDate)}${note}`;
}

function rangeLabel(range: HistoryRange): string {
  return range.from === range.to ? formatDay(range.from) : `${formatDay(range.from)} – ${formatDay(range.to)}`;
}

function buttonValue(value: Record<string, unknown>): string {
  return JSON.stringify(value);
}

function entryBlocks(entry: TimeEntry, range: HistoryRange): KnownBlock[] {
  const note = entry.note ? ` · _${escapeUserText(truncate(entry.note, 300))}_` : '';
  const line = `*${formatDay(entry.localDate)}* · ${entry.category} · ${formatMinutes(entry.minutes)}${note}`;
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: `time_log_entry_${entry.id}`,
    elements: [
      { type: 'button', action_id: HISTORY_ACTIONS.edit, text: { type: 'plain_text', text: 'Edit' }, value: buttonValue({ id: entry.id }) },
      {
        type: 'button',
        action_id: HISTORY_ACTIONS.delete,
        style: 'danger',
        text: { type: 'plain_text', text: 'Delete' },
        value: buttonValue({ from: range.from, to: range.to, page: range.page, id: entry.id }),
        confirm: {
          title: { type: 'plain_text', text: 'Delete this entry?' },
          text: {
            type: 'plain_text',
            text: truncate(
              `${entry.category} ${formatMinutes(entry.minutes)} on ${formatDay(entry.localDate)}${entry.note ? `: "${entry.note}"` : ''}. \`/lead undo\` brings it back.`.replace(/`/g, ''),
              300,
            ),
          },
          confirm: { type: 'plain_text', text: 'Delete' },
          deny: { type: 'plain_text', text: 'Keep it' },
          style: 'danger',
        },
      },
    ],
  };
  return [section(line), actions];
}

/** The last page that has entries (0 when there are none). */
export function lastPage(count: number): number {
  return Math.max(0, Math.ceil(count / HISTORY_PAGE_SIZE) - 1);
}

/**
 * `/lead history`: the entries of a range, one line each with Edit and Delete, a page at a time.
 * `notice` leads the message (what a delete just did).
 */
export function historyMessage(entries: readonly TimeEntry[], range: HistoryRange, notice?: string): Message {
  const page = Math.min(Math.max(0, range.page), lastPage(entries.length));
  const shown = entries.slice(page * HISTORY_PAGE_SIZE, (page + 1) * HISTORY_PAGE_SIZE);
  const current: HistoryRange = { from: range.from, to: range.to, page };
  const title = `Your log · ${rangeLabel(range)}`;
  const blocks: KnownBlock[] = [header(title)];
  if (notice) blocks.push(section(notice));
  if (entries.length === 0) {
    blocks.push(section(`Nothing logged for ${rangeLabel(range)}.`));
    blocks.push(context('Log time with `/lead log coding 90m`, or `/lead log` for a form covering a whole day.'));
    return message(`${notice ? `${notice} ` : ''}${title}: nothing logged.`.replace(/[*_]/g, ''), blocks);
  }
  for (const entry of shown) blocks.push(...entryBlocks(entry, current));
  const total = entries.reduce((s, e) => s + e.minutes, 0);
  const first = page * HISTORY_PAGE_SIZE + 1;
  const paging = entries.length > HISTORY_PAGE_SIZE ? `Entries ${first}–${first + shown.length - 1} of ${entries.length} · ` : '';
  blocks.push(context(`${paging}${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, ${formatMinutes(total)} in all · \`/lead undo\` reverts your last change`));
  const pager: ActionsBlock['elements'] = [];
  if (page > 0) {
    pager.push({ type: 'button', action_id: HISTORY_ACTIONS.previous, text: { type: 'plain_text', text: 'Previous' }, value: buttonValue({ ...current, page: page - 1 }) });
  }
  if (page < lastPage(entries.length)) {
    pager.push({ type: 'button', action_id: HISTORY_ACTIONS.more, text: { type: 'plain_text', text: 'More' }, value: buttonValue({ ...current, page: page + 1 }) });
  }
  if (pager.length > 0) blocks.push({ type: 'actions', block_id: 'time_log_history_pages', elements: pager });
  const text = `${notice ? `${notice} ` : ''}${title}: ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, ${formatMinutes(total)}.`;
  return message(text.replace(/[*_]/g, ''), blocks.slice(0, SLACK_LIMITS.messageBlocks));
}

function option(text: string, value: string): PlainTextOption {
  return { text: { type: 'plain_text', text, emoji: true }, value };
}

/** The Edit modal of one entry, prefilled; only days the log accepts (the last 14) can be chosen. */
export function editEntryModal(entry: TimeEntry, today: string): ModalView {
  const categories = CATEGORIES.map((c) => option(`${c.emoji} ${c.label}`, c.id));
  const days = loggableDays(today).map((d) => option(d === today ? `Today · ${formatDay(d)}` : formatDay(d), d));
  const category = categories.find((o) => o.value === entry.category);
  const day = days.find((o) => o.value === entry.localDate);
  return modal({
    callbackId: EDIT_MODAL.callbackId,
    privateMetadata: JSON.stringify({ id: entry.id }),
    title: 'Edit entry',
    submit: 'Save',
    close: 'Cancel',
    blocks: [
      {
        type: 'input',
        block_id: EDIT_MODAL.categoryBlockId,
        label: { type: 'plain_text', text: 'Category' },
        element: { type: 'static_select', action_id: EDIT_MODAL.actionId, options: categories, ...(category ? { initial_option: category } : {}) },
      },
      {
        type: 'input',
        block_id: EDIT_MODAL.minutesBlockId,
        label: { type: 'plain_text', text: 'Duration' },
        hint: { type: 'plain_text', text: 'Like 90m, 1.5h or 1h30m' },
        element: { type: 'plain_text_input', action_id: EDIT_MODAL.actionId, initial_value: formatMinutesCompact(entry.minutes) },
      },
      {
        type: 'input',
        block_id: EDIT_MODAL.dateBlockId,
        label: { type: 'plain_text', text: 'Day' },
        element: { type: 'static_select', action_id: EDIT_MODAL.actionId, options: days, ...(day ? { initial_option: day } : {}) },
      },
      {
        type: 'input',
        block_id: EDIT_MODAL.noteBlockId,
        optional: true,
        label: { type: 'plain_text', text: 'Note' },
        element: {
          type: 'plain_text_input',
          action_id: EDIT_MODAL.actionId,
          multiline: true,
          max_length: MAX_NOTE_LENGTH,
          ...(entry.note ? { initial_value: entry.note } : {}),
        },
      },
    ],
  });
}

/** Shown in place of the Edit modal once saved: what the entry was and is now. */
export function entrySavedView(before: TimeEntry, after: TimeEntry, changed: boolean): ModalView {
  const text = changed
    ? `:white_check_mark: Changed ${describeEntry(before)}\nto ${describeEntry(after)}.`
    : `Nothing changed: ${describeEntry(after)} is as it was.`;
  return modal({
    callbackId: 'time_log_entry_saved',
    title: 'Entry saved',
    close: 'Done',
    blocks: [section(text), context('`/lead undo` reverts your last change · `/lead history` lists your entries again.')],
  });
}

function entryChangeText(change: EntryChange, done: boolean): string {
  const entry = change.entry;
  const what = entry.note ? `the entry ${quotedNote(entry.note)}` : 'an entry without a note';
  if (change.kind === 'remove') return `${what} (${formatMinutes(entry.minutes)}) ${done ? 'was' : 'will be'} removed`;
  return `${what} ${done ? 'was' : 'will be'} shortened from ${formatMinutes(entry.minutes)} to ${formatMinutes(change.minutes)}`;
}

/** One line per changed category: `people: 2h → 1h: the entry "with Dana" (1h) will be removed`. */
export function planLines(plans: readonly CategoryPlan[], done: boolean): string[] {
  return plans.map((p) => {
    const head = `*${p.category}*: ${formatMinutes(p.from)} → ${formatMinutes(p.to)}`;
    if (p.added > 0) return `${head}: ${p.from === 0 ? 'a new entry' : `a new entry of ${formatMinutes(p.added)}`} ${done ? 'was' : 'will be'} added`;
    return `${head}: ${p.changes.map((c) => entryChangeText(c, done)).join('; ')}`;
  });
}

/**
 * The day form's second step when saving would remove or shorten entries already logged:
 * which ones, and a Save that applies exactly this (the fingerprint names the day's state).
 */
export function confirmDayView(localDate: string, wanted: CategoryMinutes, plans: readonly CategoryPlan[], fingerprint: string, changedMeanwhile = false): ModalView {
  const blocks: KnownBlock[] = [];
  if (changedMeanwhile) blocks.push(section(':warning: Your log for this day changed since you opened the form; here is what saving does now.'));
  blocks.push(section(`Saving ${formatDay(localDate)} lowers ${plans.some((p) => p.to === 0) ? 'or clears ' : ''}totals you logged before:`));
  const lines = planLines(plans, false);
  // Several sections so that a day with many entries stays within the 3000 characters of one.
  for (let i = 0; i < lines.length; i += 2) blocks.push(section(lines.slice(i, i + 2).join('\n')));
  blocks.push(context('Other entries and their notes stay as they are. `/lead undo` reverts the whole save.'));
  return modal({
    callbackId: CONFIRM_DAY_CALLBACK,
    privateMetadata: JSON.stringify({ localDate, minutes: wanted, fingerprint }),
    title: 'Change these entries?',
    submit: 'Save changes',
    close: 'Cancel',
    blocks,
  });
}

