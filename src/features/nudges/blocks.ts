import type { ActionsBlock, Button, KnownBlock } from '@slack/types';

import { formatSource, type CoachingContent } from '../../core/content/coaching';
import type { AgendaItem, OneOnOne } from '../oneOnOnes';
import { CATEGORIES, type CategoryId } from '../../core/categories';
import { nudgeById, NUDGES, PREP_CHECKLIST_KEY, type NudgeId } from './catalog';
import type { Occurrence } from './rules/schedule';
import { formatDay, formatLocal, weekdayName } from '../../core/dates/localDate';
import { context, divider, escapeUserText, header, message, plainMessage, section, truncate, type Message } from '../../core/blockKit';

export const NUDGE_ACTIONS = {
  done: 'nudge_done',
  skip: 'nudge_skip',
  snoozeHour: 'nudge_snooze_hour',
  snoozeTomorrow: 'nudge_snooze_tomorrow',
  turnOff: 'nudge_turn_off',
  improvement: 'nudge_improvement',
  checkinQuick: 'nudge_checkin_quick',
  checkinDay: 'nudge_checkin_day',
  agendaDone: 'nudge_agenda_done',
  keep: 'nudge_cadence_keep',
  lessOften: 'nudge_cadence_less',
  stop: 'nudge_cadence_stop',
  editSchedule: 'nudges_edit_schedule',
  toggle: 'nudges_toggle',
  resume: 'nudges_resume',
  startCoaching: 'nudges_start_coaching',
} as const;

/**
 * Slack refuses an actions block whose buttons share an action_id, so each check-in and 20% button
 * gets its own (`nudge_checkin_quick_coding`, `nudge_improvement_below`). These patterns route them,
 * and the bare ids of messages sent before the split, to one handler each.
 */
export const NUDGE_ACTION_PATTERNS = {
  checkinQuick: /^nudge_checkin_quick(?:_[a-z]+)?$/,
  improvement: /^nudge_improvement(?:_[a-z]+)?$/,
} as const;

export function checkinQuickActionId(category: CategoryId): string {
  return `${NUDGE_ACTIONS.checkinQuick}_${category}`;
}

/** Minutes one press of a check-in category button adds: a rough half hour, refined with "Log my day". */
export const QUICK_CHECKIN_MINUTES = 30;
/** Agenda items shown in one prep message (Block Kit allows 50 blocks). */
export const MAX_AGENDA_SHOWN = 20;

/** An occurrence as stored with its delivery (dueAt as ISO text). */
export type StoredOccurrence = Omit<Occurrence, 'dueAt'> & { dueAt: string };

export function storeOccurrence(o: Occurrence): StoredOccurrence {
  return { ...o, dueAt: o.dueAt.toISOString() };
}

export interface NudgeMessageInput {
  /** The delivery key the buttons refer to. */
  key: string;
  occurrence: StoredOccurrence;
  coaching: CoachingContent;
  /** no-code-block: last week's logged minutes, when anything was logged. */
  lastWeek?: { totalMinutes: number; codingMinutes: number };
  /** one-on-one-prep: open agenda items, and the instant of the previous meeting (older items are carried over). */
  agenda?: AgendaItem[];
  /** one-on-one-prep: the manager has marked a prep Done before, so the checklist is shown in short. */
  checklistKnown?: boolean;
  previousMeetingAt?: string;
  /** system-improvement: this week's answer, once given. */
  improvementAnswer?: boolean;
  /** check-in: minutes logged so far for the day. */
  loggedToday?: number;
  /** A line about what the manager just did (Done, Snoozed until..., Logged 30m...). */
  status?: string;
  /** After Done, Skip, Snooze or Turn off the buttons are removed. */
  closed?: boolean;
  /** A snoozed nudge coming back. */
  snoozed?: boolean;
  /** A nudge held back while the manager was away. */
  heldWhileAway?: boolean;
  /** Why it came and how to change it, e.g. "You get this on Mondays at 09:00". */
  why?: string;
  /** Ignored three times in a row: it now comes less often, and asks keep / less often / stop. */
  askCadence?: { lessOften: string };
  /** Blocks the calendar feature adds (the check-in's offer, the no-code .ics), shown before the source. */
  calendarBlocks?: KnownBlock[];
}

export function formatMinutes(total: number): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h ${m}m`;
}

function button(actionId: string, text: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncate(text, 75), emoji: true },
    value,
    ...(style ? { style } : {}),
  };
}

function actions(blockId: string, elements: Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements };
}

export function buttonValue(data: Record<string, unknown>): string {
  return JSON.stringify(data);
}

function prepBlocks(input: NudgeMessageInput): { blocks: KnownBlock[]; fallback: string } {
  const o = input.occurrence;
  const meeting = o.oneOnOne;
  const checklist = input.coaching.list(PREP_CHECKLIST_KEY);
  const intro = input.coaching.text('nudge.one-on-one-prep');
  const who = meeting ? `<@${meeting.reportUserId}>` : 'your report';
  const when = meeting ? `${meeting.meetingTime} on ${formatDay(meeting.meetingDate)}` : '';
  // Once a manager has marked a prep Done, the checklist they already know shrinks to one line.
  const blocks: KnownBlock[] = input.checklistKnown
    ? [section(`:handshake: *1:1 with ${who} at ${when}.*`), context(`Your usual prep: ${checklist.items.join(' · ')}`)]
    : [
        section(`:handshake: *1:1 with ${who} at ${when}.* ${intro.text}`),
        section(checklist.items.map((i) => `• ${i}`).join('\n')),
        context(formatSource(checklist.source)),
      ];
  const items = input.agenda ?? [];
  if (items.length === 0) {
    blocks.push(context(`No open agenda items. Add one with \`/lead 1on1 note @person <text>\`.`));
  } else {
    blocks.push(section(`*Open agenda items (${items.length})* · tick them off as you cover them; the rest carry over to the next 1:1.`));
    for (const item of items.slice(0, MAX_AGENDA_SHOWN)) {
      const carried = input.previousMeetingAt && item.createdAt < input.previousMeetingAt ? ' _(carried over)_' : '';
      blocks.push({
        type: 'section',
        block_id: `agenda_${item.id}`,
        text: { type: 'mrkdwn', text: truncate(`• ${escapeUserText(item.text)}${carried}`, 3000) },
        accessory: button(NUDGE_ACTIONS.agendaDone, 'Tick off', buttonValue({ k: input.key, i: item.id })),
      });
    }
    if (items.length > MAX_AGENDA_SHOWN) blocks.push(context(`…and ${items.length - MAX_AGENDA_SHOWN} more: \`/lead 1on1 list\` shows them all.`));
  }
  return { blocks, fallback: `1:1 with ${who} at ${when}: five minutes of prep.` };
}

function bodyBlocks(input: NudgeMessageInput): { blocks: KnownBlock[]; fallback: string } {
  const o = input.occurrence;
  const nudge = nudgeById(o.nudgeId);
  if (o.nudgeId === 'one-on-one-prep') return prepBlocks(input);
  const content = input.coaching.text(nudge.contentKey);
  const blocks: KnownBlock[] = [section(content.text)];
  let fallback = `${nudge.title}: ${content.text.replace(/\*/g, '')}`;
  switch (o.nudgeId) {
    case 'no-code-block': {
      const w = input.lastWeek;
      if (w && w.totalMinutes > 0) {
        const share = Math.round((w.codingMinutes / w.totalMinutes) * 100);
        const line = `Last week you logged ${formatMinutes(w.totalMinutes)}; ${formatMinutes(w.codingMinutes)} of it (${share}%) was coding.`;
        blocks.push(section(`:bar_chart: ${line}`));
        fallback += ` ${line}`;
      }
      break;
    }
    case 'system-improvement': {
      if (input.improvementAnswer === undefined) {
        blocks.push(section('*Is your team at 20% this week?* Your answer shows up in your weekly summaries.'));
        blocks.push(
          actions('nudge_improvement', [
            button(`${NUDGE_ACTIONS.improvement}_at`, 'At 20% or more', buttonValue({ k: input.key, at: 1 }), 'primary'),
            button(`${NUDGE_ACTIONS.improvement}_below`, 'Below 20%', buttonValue({ k: input.key, at: 0 })),
          ]),
        );
      } else {
        blocks.push(context(input.improvementAnswer ? ':white_check_mark: Recorded: at 20% or more this week.' : ':memo: Recorded: below 20% this week.'));
      }
      break;
    }
    case 'time-checkin': {
      const logged = input.loggedToday ?? 0;
      blocks.push(
        context(
          `Each button adds ${QUICK_CHECKIN_MINUTES}m to that category for ${formatDay(o.localDate)}` +
            (logged > 0 ? ` (${formatMinutes(logged)} logged so far)` : '') +
            '. *Log my day* lets you enter exact times.',
        ),
      );
      blocks.push(
        actions('nudge_checkin', [
          ...CATEGORIES.map((c) =>
            button(checkinQuickActionId(c.id), `${c.emoji} ${c.label} +${QUICK_CHECKIN_MINUTES}m`, buttonValue({ k: input.key, c: c.id })),
          ),
          button(NUDGE_ACTIONS.checkinDay, 'Log my day', buttonValue({ k: input.key }), 'primary'),
        ]),
      );
      break;
    }
    default:
      break;
  }
  if (input.calendarBlocks && !input.closed) blocks.push(...input.calendarBlocks);
  blocks.push(context(formatSource(content.source)));
  return { blocks, fallback };
}

/** A nudge DM: its coaching text with source, its own buttons, and Done / Snooze / Skip / Turn off. */
export function nudgeMessage(input: NudgeMessageInput): Message {
  const nudge = nudgeById(input.occurrence.nudgeId);
  const { blocks, fallback } = bodyBlocks(input);
  if (input.snoozed) blocks.unshift(context(':alarm_clock: Snoozed reminder'));
  if (input.heldWhileAway) blocks.unshift(context(':wave: Welcome back: this waited while you were away.'));
  if (input.askCadence && !input.closed) {
    blocks.push(
      section(`:hourglass_flowing_sand: You have not used the last three of these, so from now on it comes ${input.askCadence.lessOften}. Keep it as it was, less often, or stop it?`),
      actions('nudge_cadence', [
        button(NUDGE_ACTIONS.keep, 'Keep as it was', input.key),
        button(NUDGE_ACTIONS.lessOften, 'Less often', input.key),
        button(NUDGE_ACTIONS.stop, 'Stop it', input.key, 'danger'),
      ]),
    );
  }
  if (input.status) blocks.push({ type: 'context', block_id: 'nudge_status', elements: [{ type: 'mrkdwn', text: truncate(input.status, 3000) }] });
  if (input.why) blocks.push(context(`:information_source: ${input.why} · \`/lead nudges\` to change or stop`));
  if (!input.closed) {
    blocks.push(
      actions('nudge_controls', [
        button(NUDGE_ACTIONS.done, 'Done', input.key, 'primary'),
        button(NUDGE_ACTIONS.snoozeHour, 'Snooze 1 hour', input.key),
        button(NUDGE_ACTIONS.snoozeTomorrow, 'Snooze until tomorrow', input.key),
        button(NUDGE_ACTIONS.skip, 'Skip', input.key),
        button(NUDGE_ACTIONS.turnOff, `Turn off "${nudge.title}"`, input.key),
      ]),
    );
  }
  return message(truncate(fallback, 3000), blocks);
}

/**
 * How each section of a merged DM is named in its buttons and block ids: the nudge's id, numbered
 * from the second of a kind (two 1:1 preps at the same minute: `one-on-one-prep`, `one-on-one-prep-2`).
 */
export function sectionIds(occurrences: ReadonlyArray<{ nudgeId: NudgeId }>): string[] {
  const seen = new Map<NudgeId, number>();
  return occurrences.map(({ nudgeId }) => {
    const n = (seen.get(nudgeId) ?? 0) + 1;
    seen.set(nudgeId, n);
    return n === 1 ? nudgeId : `${nudgeId}-${n}`;
  });
}

/**
 * Nudges due at the same minute as one DM: each keeps its own section and buttons; block_ids get
 * the section's id appended so they stay unique in the message.
 */
export function mergedNudgeMessage(parts: ReadonlyArray<{ nudgeId: NudgeId; section: string; message: Message }>): Message {
  const blocks: KnownBlock[] = [];
  parts.forEach(({ nudgeId, section, message: m }, i) => {
    if (i > 0) blocks.push(divider());
    blocks.push(header(nudgeById(nudgeId).title));
    for (const b of m.blocks) blocks.push(b.block_id ? { ...b, block_id: `${b.block_id}__${section}` } : b);
  });
  return message(parts.map((p) => p.message.text).join(' · '), blocks);
}

export interface SettingsRow {
  id: NudgeId;
  on: boolean;
  /** When it comes for this manager, in words (their own time and days). */
  schedule: string;
  /** Comes less often because the last ones went unanswered, or because the manager asked. */
  lessOften?: boolean;
  next?: Date;
}

export interface SettingsView {
  timeZone: string;
  /** False while Slack gave no usable zone and the manager has not set one: nothing is sent until then. */
  timeZoneConfirmed: boolean;
  workingDays: number[];
  workStart: string;
  workEnd: string;
  nudgesEnabled: boolean;
  pausedUntil: string | null;
  /** Local today: a pause that ended before it is shown as over. */
  today: string;
  unreachableReason: string | null;
  rows: SettingsRow[];
  oneOnOneCount: number;
}

function daysText(days: number[]): string {
  return [...days].sort((a, b) => a - b).map((d) => weekdayName(d, 'short')).join(', ') || 'none';
}

/** The schedule and toggles, for `/lead nudges` and the App Home. */
export function nudgeSettingsBlocks(v: SettingsView, opts: { forHome: boolean }): KnownBlock[] {
  const paused = v.pausedUntil !== null && v.pausedUntil >= v.today;
  const status = v.unreachableReason
    ? `:no_entry: Nudges stopped: Slack said your DMs cannot be reached (\`${v.unreachableReason}\`). Press *Start coaching* to try again.`
    : !v.nudgesEnabled
      ? ':zzz: Nudges are off.'
      : paused
        ? `:double_vertical_bar: Paused through ${formatDay(v.pausedUntil ?? v.today)}; they start again the day after.`
        : ':bell: Nudges are on.';
  const blocks: KnownBlock[] = [
    header(opts.forHome ? 'Your nudges' : 'Your nudge schedule'),
    section(
      `${status}\n*Time zone:* ${v.timeZone} · *Working days:* ${daysText(v.workingDays)} · *Hours:* ${v.workStart}–${v.workEnd}`,
    ),
  ];
  for (const row of v.rows) {
    const nudge = nudgeById(row.id);
    const next = !row.on
      ? 'Off'
      : row.next
        ? `Next: ${formatLocal(row.next, v.timeZone)}`
        : row.id === 'one-on-one-prep' && v.oneOnOneCount === 0
          ? 'No 1:1s registered yet: `/lead 1on1 add @person tuesday 14:00`'
          : row.id === 'manager-readme'
            ? 'Already sent (first week only)'
            : 'Nothing scheduled in the next weeks';
    blocks.push({
      type: 'section',
      block_id: `nudge_row_${row.id}`,
      text: { type: 'mrkdwn', text: `*${nudge.title}* · ${row.schedule}${row.lessOften ? ' (less often: every other time)' : ''}\n${next}` },
      accessory: button(
        NUDGE_ACTIONS.toggle,
        row.on ? 'Turn off' : 'Turn on',
        buttonValue({ n: row.id, on: !row.on, home: opts.forHome }),
        row.on ? undefined : 'primary',
      ),
    });
  }
  const controls: Button[] = [];
  if (v.unreachableReason || !v.nudgesEnabled) {
    controls.push(button(NUDGE_ACTIONS.startCoaching, 'Start coaching', buttonValue({ home: opts.forHome }), 'primary'));
  } else if (paused) {
    controls.push(button(NUDGE_ACTIONS.resume, 'Resume now', buttonValue({ home: opts.forHome }), 'primary'));
  }
  if (opts.forHome && v.nudgesEnabled && !v.unreachableReason) controls.push(button(NUDGE_ACTIONS.editSchedule, 'Change times and days', buttonValue({ home: true })));
  if (controls.length) blocks.push(actions('nudge_settings_controls', controls));
  blocks.push(
    context(
      'Times are in your time zone. Pause with `/lead pause 3d` or `/lead pause until 2026-12-01`, resume with `/lead resume`; ' +
        'change hours with `/lead hours mon-fri 09:00-18:00`; move a nudge with `/lead nudges time time-checkin 17:30` or `/lead nudges day no-code-block tue`.',
    ),
  );
  return blocks;
}

/** `notice` says what just changed, above the schedule. */
export function nudgeSettingsMessage(v: SettingsView, notice?: string): Message {
  const on = v.rows.filter((r) => r.on).length;
  const blocks = nudgeSettingsBlocks(v, { forHome: false });
  if (notice) blocks.unshift(section(notice));
  return message(notice ?? `Your nudges: ${on} of ${NUDGES.length} on.`, blocks);
}

export function oneOnOneListMessage(items: Array<{ o: OneOnOne; next: Date; open: AgendaItem[] }>, timeZone: string): Message {
  if (items.length === 0) {
    return plainMessage('You have no 1:1s registered. Add one with `/lead 1on1 add @alex tuesday 14:00 weekly`.');
  }
  const blocks: KnownBlock[] = [header('Your 1:1s')];
  for (const { o, next, open } of items.slice(0, 40)) {
    const agenda = open.length ? `\n${open.slice(0, 5).map((i) => `  ◦ ${escapeUserText(i.text)}`).join('\n')}${open.length > 5 ? `\n  ◦ …${open.length - 5} more` : ''}` : '';
    blocks.push(
      section(
        `*<@${o.reportUserId}>* · ${weekdayName(o.weekday, 'long')}s at ${o.time}, ${o.cadence} · next ${formatLocal(next, timeZone)} · ${open.length} open agenda item${open.length === 1 ? '' : 's'}${agenda}`,
      ),
    );
  }
  blocks.push(context('Prep nudges come 60 minutes before each 1:1. `/lead 1on1 note @person <text>` adds an agenda item.'));
  return message(`You have ${items.length} 1:1${items.length === 1 ? '' : 's'} registered.`, blocks);
}

export function categoryLabel(id: CategoryId): string {
  return CATEGORIES.find((c) => c.id === id)?.label ?? id;
}
