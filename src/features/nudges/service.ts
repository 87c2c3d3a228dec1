import type { KnownBlock } from '@slack/types';

import { nudgeMessage, nudgeSettingsBlocks, type SettingsView, type StoredOccurrence } from './blocks';
import type { Message } from '../../core/blockKit';
import type { Manager } from '../enrolment';
import type { OneOnOne } from '../oneOnOnes';
import { NUDGES, type NudgeId } from './catalog';
import { nextOccurrence, type NudgePreferences, type NudgeProfile } from './rules/schedule';
import { addLocalDays, localMoment, mondayOf, zonedInstant } from '../../core/dates/localDate';
import type { NudgeDeps } from './deps';
import type { HomeSection } from '../home';

/** What rendering a nudge or its settings reads: no Slack, no Home. */
export type NudgeReadDeps = Pick<NudgeDeps, 'repos' | 'coaching' | 'clock'>;

/** What the settings view reads (the welcome DM and the App Home use it too). */
export type NudgeSettingsReadDeps = Pick<NudgeDeps, 'clock'> & { repos: Pick<NudgeDeps['repos'], 'oneOnOnes' | 'nudgeSettings'> };


export function profileFor(manager: Manager, oneOnOnes: readonly OneOnOne[]): NudgeProfile {
  return {
    userId: manager.userId,
    timeZone: manager.timeZone,
    workingDays: manager.workingDays,
    workStart: manager.workStart,
    workEnd: manager.workEnd,
    enrolledAt: new Date(manager.enrolledAt),
    oneOnOnes,
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
}

/** Builds the DM for an occurrence from what is stored now (last week's log, open agenda, answers). */
export async function renderNudge(deps: NudgeReadDeps, key: string, occurrence: StoredOccurrence, extras: RenderExtras = {}): Promise<Message> {
  const base = { key, occurrence, coaching: deps.coaching, ...extras };
  switch (occurrence.nudgeId) {
    case 'no-code-block': {
      const monday = mondayOf(occurrence.localDate);
      const totals = await deps.repos.timeEntries.totals(occurrence.userId, addLocalDays(monday, -7), addLocalDays(monday, -1));
      const totalMinutes = Object.values(totals).reduce((a, b) => a + b, 0);
      return nudgeMessage({ ...base, lastWeek: { totalMinutes, codingMinutes: totals.coding } });
    }
    case 'system-improvement': {
      const answer = await deps.repos.nudgeSettings.improvementAnswer(occurrence.userId, mondayOf(occurrence.localDate));
      return nudgeMessage({ ...base, ...(answer === undefined ? {} : { improvementAnswer: answer }) });
    }
    case 'time-checkin': {
      const totals = await deps.repos.timeEntries.totals(occurrence.userId, occurrence.localDate, occurrence.localDate);
      return nudgeMessage({ ...base, loggedToday: Object.values(totals).reduce((a, b) => a + b, 0) });
    }
    case 'one-on-one-prep': {
      const meeting = occurrence.oneOnOne;
      const o = meeting ? await deps.repos.oneOnOnes.byId(meeting.id) : undefined;
      const agenda = o ? await deps.repos.oneOnOnes.openItems(o.id) : [];
      const previous =
        o && meeting
          ? zonedInstant(addLocalDays(meeting.meetingDate, o.cadence === 'weekly' ? -7 : -14), meeting.meetingTime, occurrence.timeZone).toISOString()
          : undefined;
      return nudgeMessage({ ...base, agenda, ...(previous ? { previousMeetingAt: previous } : {}) });
    }
    default:
      return nudgeMessage(base);
  }
}

/** What `/lead nudges` and the App Home show: each nudge with its next occurrence in the manager's time. */
export async function settingsViewFor(deps: NudgeSettingsReadDeps, manager: Manager, now: Date): Promise<SettingsView> {
  const oneOnOnes = await deps.repos.oneOnOnes.list(manager.userId);
  const profile = profileFor(manager, oneOnOnes);
  const optOuts = await deps.repos.nudgeSettings.optOuts(manager.userId);
  const today = todayOf(manager, now);
  // Occurrences inside a pause are not sent: look for the next one after it.
  const from =
    manager.pausedUntil && manager.pausedUntil >= today
      ? new Date(Math.max(now.getTime(), zonedInstant(addLocalDays(manager.pausedUntil, 1), '00:00', manager.timeZone).getTime() - 1))
      : now;
  return {
    timeZone: manager.timeZone,
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
      return { id: n.id, on, ...(next ? { next: next.dueAt } : {}) };
    }),
  };
}

/** The App Home section: the same schedule and toggles as `/lead nudges`. */
/** The App Home section: each nudge with its next time and a toggle. */
export function nudgeHomeSection(deps: NudgeSettingsReadDeps): HomeSection {
  return async (manager: Manager): Promise<KnownBlock[]> => nudgeSettingsBlocks(await settingsViewFor(deps, manager, deps.clock.now()), { forHome: true });
}
