import type { HomeView, KnownBlock } from '@slack/types';

import type { Manager } from '../enrolment';
import { CATEGORIES } from '../../core/categories';
import { formatMinutes } from '../timelog';
import { formatWeek, weekdayName } from '../../core/dates/localDate';
import type { Targets } from '../timelog';
import type { WeekSummary } from '../timelog';
import { context, divider, header, section, SLACK_LIMITS } from '../../core/blockKit';
import { NUDGE_ACTIONS } from '../nudges';
import { TIME_LOG_ACTIONS } from '../timelog';
import { coachingHomeBlocks } from '../enrolment';

const START_COACHING_ACTION = NUDGE_ACTIONS.startCoaching;
import { coachingBlocks, splitTable, trendLines } from '../timelog';

export interface HomeContext {
  manager: Manager;
  thisWeek: WeekSummary;
  /** The last four weeks, oldest first (this week last). */
  trend: WeekSummary[];
  targets: Targets;
}

function workingDaysText(days: number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const contiguous = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === (sorted[i - 1] ?? 0) + 1);
  if (contiguous) return `${weekdayName(sorted[0] ?? 1, 'short')}–${weekdayName(sorted[sorted.length - 1] ?? 5, 'short')}`;
  return sorted.map((d) => weekdayName(d, 'short')).join(', ') || 'none';
}

function settingsBlocks(ctx: HomeContext): KnownBlock[] {
  const m = ctx.manager;
  const zone = `${m.timeZone} (${m.timeZoneSource === 'manual' ? 'set by you' : 'from your Slack profile'})`;
  const targets = CATEGORIES.map((c) => {
    const t = ctx.targets[c.id];
    return `${c.label} ${t.min}–${t.max}%${t.custom ? ' (yours)' : ''}`;
  }).join(' · ');
  const blocks: KnownBlock[] = [
    header('Your settings'),
    section(
      `*Time zone:* ${zone}\n*Working days:* ${workingDaysText(m.workingDays)}\n*Working hours:* ${m.workStart}–${m.workEnd}\n*Targets:* ${targets}`,
    ),
  ];
  if (m.coachingStartedAt !== null) blocks.push(...coachingHomeBlocks(true));
  const anyCustom = CATEGORIES.some((c) => ctx.targets[c.id].custom);
  const change = 'Change a target with `/lead targets coding 0-25`; see why each range with `/lead targets`.';
  if (anyCustom) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: change },
      accessory: {
        type: 'button',
        action_id: TIME_LOG_ACTIONS.resetTargets,
        text: { type: 'plain_text', text: 'Reset targets to defaults' },
        value: 'reset',
        confirm: {
          title: { type: 'plain_text', text: 'Reset targets?' },
          text: { type: 'mrkdwn', text: 'Your own ranges go back to the suggested defaults.' },
          confirm: { type: 'plain_text', text: 'Reset' },
          deny: { type: 'plain_text', text: 'Keep mine' },
        },
      },
    });
  } else {
    blocks.push(context(change));
  }
  blocks.push(context('Your log is private: only you see it. `/lead export` sends it to you as CSV, `/lead forget-me` deletes everything.'));
  return blocks;
}

/**
 * The App Home: this week's split, a four-week trend, a Log time button and the settings,
 * followed by other features' sections while they fit within Slack's 100-block limit.
 */
export function buildHomeView(ctx: HomeContext, extraSections: KnownBlock[][] = []): HomeView {
  const { thisWeek } = ctx;
  const split = thisWeek.split;
  const coaching = ctx.manager.coachingStartedAt !== null;
  const blocks: KnownBlock[] = [
    // Someone who has not started sees the choice first; someone coaching finds Stop in the settings.
    ...(coaching ? [] : coachingHomeBlocks(false)),
    header(`This week · ${formatWeek(thisWeek.week)}`),
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: split.totalMinutes > 0 ? `*${formatMinutes(split.totalMinutes)}* logged so far.` : 'Nothing logged this week yet.',
      },
      accessory: {
        type: 'button',
        action_id: TIME_LOG_ACTIONS.openModal,
        style: 'primary',
        text: { type: 'plain_text', text: 'Log time' },
        value: 'today',
      },
    },
  ];
  if (split.totalMinutes > 0) blocks.push(section(splitTable(split)));
  blocks.push(...coachingBlocks(thisWeek.coaching));
  blocks.push(divider(), header('Last four weeks'), section(trendLines(ctx.trend)));
  blocks.push(context('Hours logged and share per category each week, largest first; ▲ above, ▼ below your target.'));
  blocks.push(divider(), ...settingsBlocks(ctx));

  for (const extra of extraSections) {
    if (extra.length === 0) continue;
    if (blocks.length + 1 + extra.length > SLACK_LIMITS.viewBlocks) continue;
    blocks.push(divider(), ...extra);
  }
  return { type: 'home', blocks };
}

/** Home for someone lead-coach stores nothing about (after forget-me). */
/**
 * The Home of someone lead-coach stores nothing about (never enrolled, or after forget-me):
 * what it does, and an explicit "Start coaching" so that opening the tab alone enrols nobody.
 */
export function welcomeHomeView(): HomeView {
  return {
    type: 'home',
    blocks: [
      header('lead-coach'),
      section(
        'lead-coach coaches you through the switch from engineer to engineering manager: short nudges in your ' +
          'working hours (no-code time, 1:1 preparation, 20% for system improvement), a private log of where your ' +
          'week goes, answers from five articles on the transition with `/lead faq`, and a weekly summary.',
      ),
      section('lead-coach stores nothing about you yet. Press *Start coaching* to begin, or type `/lead help`.'),
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: START_COACHING_ACTION, style: 'primary', text: { type: 'plain_text', text: 'Start coaching' }, value: JSON.stringify({ home: true }) },
          { type: 'button', action_id: TIME_LOG_ACTIONS.openModal, text: { type: 'plain_text', text: 'Log time' }, value: 'today' },
        ],
      },
      context('Your log is private to you. Nothing about you is shared in a channel unless you opt in.'),
    ],
  };
}
