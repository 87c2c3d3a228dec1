import type { KnownBlock } from '@slack/types';

import { mergedNudgeMessage, nudgeMessage, nudgeSettingsBlocks, sectionIds, type SettingsView, type StoredOccurrence } from './blocks';
import type { Message } from '../../core/blockKit';
import type { Manager } from '../enrolment';
import type { OneOnOne } from '../oneOnOnes';
import { effectiveRule, nudgeById, NUDGES, scheduleText, type NudgeId, type NudgeOverride, type NudgeRule } from './catalog';
import { nextOccurrence, type NudgePreferences, type NudgeProfile } from './rules/schedule';
import { addLocalDays, daysBetween, isoWeekday, localMoment, mondayOf, zonedInstant } from '../../core/dates/localDate';
import type { CadenceState } from './entities';
import type { NudgeDeps } from './deps';
import type { HomeSection } from '../home';

/** What rendering a nudge or its settings reads: no Slack, no Home. */
export type NudgeReadDeps = Pick<NudgeDeps, 'repos' | 'coaching' | 'clock' | 'calendar'>;

/** What the settings view reads (the welcome DM and the App Home use it too). */
export type NudgeSettingsReadDeps = Pick<NudgeDeps, 'clock'> & { repos: Pick<NudgeDeps['repos'], 'oneOnOnes' | 'nudgeSettings'> };


export interface ScheduleSettings {
  overrides?: ReadonlyMap<NudgeId, NudgeOverride>;
  holidays?: ReadonlySet<string>;
}

export function profileFor(manager: Manager, oneOnOnes: readonly OneOnOne[], settings: ScheduleSettings = {}): NudgeProfile {
  // One fixed shape (no spread): a tick builds one per manager, and the spread's changing shapes cost 20 µs each.
  return {
    userId: manager.userId,
    timeZone: manager.timeZone,
    workingDays: manager.workingDays,
    workStart: manager.workStart,
    workEnd: manager.workEnd,
    enrolledAt: new Date(manager.enrolledAt),
    oneOnOnes,
    overrides: settings.overrides,
    holidays: settings.holidays,
  };
}

export function preferencesFor(manager: Manager, optedOut: ReadonlySet<NudgeId>): NudgePreferences {
  return {
    nudgesEnabled: manager.nudgesEnabled,
    pausedUntil: manager.pausedUntil,
    optedOut,
    unreachable: manager.unreachableReason !== null,
  };
}

export function todayOf(manager: Manager, now: Date): string {
  return localMoment(now, manager.timeZone).date;
}

export interface RenderExtras {
  status?: string;
  closed?: boolean;
  snoozed?: boolean;
  /** The next one asks keep / less often / stop (after three ignored in a row). */
  askCadence?: boolean;
  /** Held back while the manager was away. */
  heldWhileAway?: boolean;
}

/** The rule a manager's nudge follows, with their own time and days. */
export function ruleFor(nudgeId: NudgeId, overrides: ReadonlyMap<NudgeId, NudgeOverride>): NudgeRule {
  return effectiveRule(nudgeById(nudgeId).rule, overrides.get(nudgeId));
}

/** Nudges that come more than once a month back off when ignored; monthly and once-only ones never do. */
export function backsOff(rule: NudgeRule): rule is Extract<NudgeRule, { kind: 'weekly' | 'days' }> {
  return rule.kind === 'weekly' || rule.kind === 'days';
}

/** "Less often", in words: a check-in on several days comes once a week, a weekly nudge every two weeks. */
export function lessOftenText(rule: NudgeRule): string {
  return rule.kind === 'days' ? `once a week (${scheduleText({ ...rule, weekdays: [Math.min(...rule.weekdays)] }).split(',')[0] ?? ''})` : 'every two weeks';
}

/** A Monday every ISO week count is taken from, for "every two weeks". */
const EVEN_WEEK_MONDAY = '2024-01-01';

/** Whether an occurrence on `localDate` still comes when the nudge comes less often. */
export function keptWhenLessOften(rule: NudgeRule, localDate: string): boolean {
  if (rule.kind === 'days') return isoWeekday(localDate) === Math.min(...rule.weekdays);
  if (rule.kind === 'weekly') return (daysBetween(EVEN_WEEK_MONDAY, mondayOf(localDate)) / 7) % 2 === 0;
  return true;
}

export function isLessOften(state: CadenceState | undefined): boolean {
  return state !== undefined && state.lessOften !== 'no';
}

/** Builds the DM for an occurrence from what is stored now (last week's log, open agenda, answers). */
export async function renderNudge(deps: NudgeReadDeps, key: string, occurrence: StoredOccurrence, extras: RenderExtras = {}): Promise<Message> {
  const overrides = await deps.repos.nudgeSettings.overrides(occurrence.userId);
  const rule = ruleFor(occurrence.nudgeId, overrides);
  const { askCadence, ...rest } = extras;
  const base = {
    key,
    occurrence,
    coaching: deps.coaching,
    why: isLessOften((await deps.repos.nudgeSettings.cadence(occurrence.userId)).get(occurrence.nudgeId)) && backsOff(rule)
      ? `You get this ${lessOftenText(rule)} for now`
      : `You get this ${backsOff(rule) ? 'on ' : ''}${scheduleText(rule)}`,
    ...(askCadence ? { askCadence: { lessOften: lessOftenText(rule) } } : {}),
    ...rest,
  };
  switch (occurrence.nudgeId) {
    case 'no-code-block': {
      const monday = mondayOf(occurrence.localDate);
      const totals = await deps.repos.timeEntries.totals(occurrence.userId, addLocalDays(monday, -7), addLocalDays(monday, -1));
      const totalMinutes = Object.values(totals).reduce((a, b) => a + b, 0);
      // Calendar: a linked calendar without a no-code block this week gets a ready .ics offered.
      const week = await deps.calendar?.noCodeWeek(occurrence.userId, monday);
      const calendarBlocks = week && !week.skip ? week.offer : undefined;
      return nudgeMessage({ ...base, lastWeek: { totalMinutes, codingMinutes: totals.coding }, ...(calendarBlocks ? { calendarBlocks } : {}) });
    }
    case 'system-improvement': {
      const answer = await deps.repos.nudgeSettings.improvementAnswer(occurrence.userId, mondayOf(occurrence.localDate));
      return nudgeMessage({ ...base, ...(answer === undefined ? {} : { improvementAnswer: answer }) });
    }
    case 'time-checkin': {
      const totals = await deps.repos.timeEntries.totals(occurrence.userId, occurrence.localDate, occurrence.localDate);
      // Calendar: "Your calendar says: people 3h, meetings 2h 30m — log it?"
      const calendarBlocks = await deps.calendar?.checkInOffer(occurrence.userId, occurrence.localDate);
      return nudgeMessage({ ...base, loggedToday: Object.values(totals).reduce((a, b) => a + b, 0), ...(calendarBlocks ? { calendarBlocks } : {}) });
    }
    case 'one-on-one-prep': {
      const meeting = occurrence.oneOnOne;
      const o = meeting ? await deps.repos.oneOnOnes.byId(meeting.id) : undefined;
      const agenda = o ? await deps.repos.oneOnOnes.openItems(o.id) : [];
      const previous =
        o && meeting
          ? zonedInstant(addLocalDays(meeting.meetingDate, o.cadence === 'weekly' ? -7 : -14), meeting.meetingTime, occurrence.timeZone).toISOString()
          : undefined;
      const checklistKnown = (await deps.repos.nudgeSettings.cadence(occurrence.userId)).get('one-on-one-prep')?.doneWeek != null;
      return nudgeMessage({ ...base, agenda, checklistKnown, ...(previous ? { previousMeetingAt: previous } : {}) });
    }
    default:
      return nudgeMessage(base);
  }
}

/**
 * Several occurrences due at the same minute, as one DM. Each section's buttons carry
 * `<delivery key>|<nudge id>` so a press finds its own nudge in the merged delivery.
 */
export async function renderNudges(
  deps: NudgeReadDeps,
  key: string,
  occurrences: readonly StoredOccurrence[],
  extras: (o: StoredOccurrence) => RenderExtras,
): Promise<Message> {
  const only = occurrences.length === 1 ? occurrences[0] : undefined;
  if (only) return renderNudge(deps, key, only, extras(only));
  const parts = [];
  const sections = sectionIds(occurrences);
  for (const [i, o] of occurrences.entries()) {
    const section = sections[i] ?? o.nudgeId;
    parts.push({ nudgeId: o.nudgeId, section, message: await renderNudge(deps, sectionKey(key, section), o, extras(o)) });
  }
  return mergedNudgeMessage(parts);
}

/** A button's value in a merged DM: the delivery and the section (see sectionIds) it belongs to. */
export function sectionKey(deliveryKey: string, section: string): string {
  return `${deliveryKey}|${section}`;
}

/** What `/lead nudges` and the App Home show: each nudge with its next occurrence in the manager's time. */
export async function settingsViewFor(deps: NudgeSettingsReadDeps, manager: Manager, now: Date): Promise<SettingsView> {
  const oneOnOnes = await deps.repos.oneOnOnes.list(manager.userId);
  const overrides = await deps.repos.nudgeSettings.overrides(manager.userId);
  const cadence = await deps.repos.nudgeSettings.cadence(manager.userId);
  const holidays = new Set((await deps.repos.nudgeSettings.holidays()).map((h) => h.date));
  const profile = profileFor(manager, oneOnOnes, { overrides, holidays });
  const optOuts = await deps.repos.nudgeSettings.optOuts(manager.userId);
  const today = todayOf(manager, now);
  // Occurrences inside a pause are not sent: look for the next one after it.
  const from =
    manager.pausedUntil && manager.pausedUntil >= today
      ? new Date(Math.max(now.getTime(), zonedInstant(addLocalDays(manager.pausedUntil, 1), '00:00', manager.timeZone).getTime() - 1))
      : now;
  return {
    timeZone: manager.timeZone,
    timeZoneConfirmed: manager.timeZoneConfirmed,
    workingDays: manager.workingDays,
    workStart: manager.workStart,
    workEnd: manager.workEnd,
    nudgesEnabled: manager.nudgesEnabled,
    pausedUntil: manager.pausedUntil,
    today,
    unreachableReason: manager.unreachableReason,
    oneOnOneCount: oneOnOnes.length,
    rows: NUDGES.map((n) => {
      const on = !optOuts.has(n.id);
      const next = on ? nextOccurrence(profile, n.id, from) : undefined;
      const lessOften = isLessOften(cadence.get(n.id)) && backsOff(n.rule);
      return { id: n.id, on, schedule: scheduleText(ruleFor(n.id, overrides)), ...(lessOften ? { lessOften } : {}), ...(next ? { next: next.dueAt } : {}) };
    }),
  };
}

/** The App Home section: the same schedule and toggles as `/lead nudges`. */
/** The App Home section: each nudge with its next time and a toggle. */
export function nudgeHomeSection(deps: NudgeSettingsReadDeps): HomeSection {
  return async (manager: Manager): Promise<KnownBlock[]> => nudgeSettingsBlocks(await settingsViewFor(deps, manager, deps.clock.now()), { forHome: true });
}
