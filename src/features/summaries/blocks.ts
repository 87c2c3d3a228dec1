import type { KnownBlock } from '@slack/types';

import type { CoachingContent } from '../../core/content/coaching';
import { formatSource } from '../../core/content/coaching';
import type { SummarySettings } from './entities';
import type { HomeSection } from '../home';
import type { SummaryDeps } from './deps';
import { CATEGORIES } from '../../core/categories';
import { sharedLabel, type CohortSummary } from './rules/cohort';
import type { ImprovementAnswer, PersonalSummary } from './rules/personal';
import type { CategoryShares } from './rules/shares';
import { formatMinutes } from '../timelog';
import { formatWeek } from '../../core/dates/localDate';
import { coachingLineFor } from '../timelog';
import { context, header, message, section, SLACK_LIMITS, type Message } from '../../core/blockKit';
import { coachingBlocks, splitTable } from '../timelog';

export const SUMMARY_ACTIONS = {
  shareToggle: 'summary_share_toggle',
} as const;

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

/** A mention built from a Slack user id only; anything else renders as nothing rather than as text. */
export function mention(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : '(unknown user)';
}

export function channelMention(channelId: string): string {
  return SLACK_CHANNEL_ID.test(channelId) ? `<#${channelId}>` : '(unknown channel)';
}

function improvementLine(answer: ImprovementAnswer): string {
  if (answer === 'yes') return ':white_check_mark: Your team put 20% of its time into system improvement, as you answered on Wednesday.';
  if (answer === 'no') return ':construction: Your team did not reach 20% on system improvement, as you answered on Wednesday.';
  return ':grey_question: No answer to Wednesday\'s question on 20% for system improvement.';
}

function signed(points: number): string {
  if (points === 0) return '±0';
  return points > 0 ? `+${points}` : `−${Math.abs(points)}`;
}

/** The Monday DM: last week against targets and against the weeks before, the 20% answer and one tip. */
export function personalSummaryMessage(summary: PersonalSummary, coaching: CoachingContent): Message {
  const title = `Your week · ${formatWeek(summary.week)}`;
  if (summary.kind === 'no-data') {
    const tip = coaching.text('tip.no-data');
    const text = `${title}: nothing logged. ${tip.text}`;
    return message(text, [
      header(title),
      section(`:pencil2: ${tip.text}`),
      context(formatSource(tip.source)),
      context('Log a day with `/lead log`, or one stretch with `/lead log coding 90m`.'),
    ]);
  }

  const { split } = summary;
  const line = coachingLineFor(coaching, split);
  let comparison: string;
  if (summary.earlierAverageMinutes === null || !summary.changePoints) {
    comparison = 'No time logged in the three weeks before, so there is nothing to compare with yet.';
  } else {
    const changes = summary.changePoints;
    const moved = CATEGORIES.filter((c) => changes[c.id] !== 0)
      .map((c) => `${c.label} ${signed(changes[c.id])} pts`)
      .join(' · ');
    const weeks = summary.earlierWeeksWithData === 1 ? 'the one earlier week with data' : `the average of ${summary.earlierWeeksWithData} earlier weeks`;
    comparison = `Compared with ${weeks} (${formatMinutes(summary.earlierAverageMinutes)} logged): ${moved || 'the same split'}.`;
  }
  const total = `*${formatMinutes(split.totalMinutes)}* logged last week.`;
  const fallbackSplit = split.rows.map((r) => `${r.category} ${r.percent}%`).join(', ');
  const text = `${title}: ${formatMinutes(split.totalMinutes)} logged (${fallbackSplit}). ${line.text}`;
  return message(text, [
    header(title),
    section(total),
    section(splitTable(split)),
    section(`:chart_with_upwards_trend: ${comparison}`),
    section(improvementLine(summary.improvement)),
    ...coachingBlocks(line),
    context('Only you see this. Shares are of the time you logged; change a target with `/lead targets coding 0-25`.'),
  ]);
}

function splitLine(split: CategoryShares): string {
  return CATEGORIES.map((c) => `${c.label} ${split[c.id]}%`).join(' · ');
}

function averageLines(split: CategoryShares): string {
  return CATEGORIES.map((c) => `${c.emoji} ${c.label}: *${split[c.id]}%*`).join('\n');
}

export interface CohortMessageOptions {
  /** Whether a chart accompanies the message (it names the letters used in it). */
  chart: boolean;
  chartManagers: number;
}

const SHARED_PER_SECTION = 15;

/**
 * The channel post. It stands on its own without the chart. Only opted-in managers are named,
 * as mentions built from their user ids; notes and anything else typed by users never appear.
 */
export function cohortSummaryMessage(summary: CohortSummary, options: CohortMessageOptions): Message {
  const title = `Cohort week · ${formatWeek(summary.week)}`;
  const blocks: KnownBlock[] = [header(title)];
  const logged = `*${summary.managersLogged} of ${summary.managersEnrolled}* managers logged their time last week.`;
  const improvement = summary.improvement.percent === null
    ? 'No team answered the Wednesday question on 20% for system improvement.'
    : `*${summary.improvement.percent}%* of teams were at 20% system improvement (${summary.improvement.atTarget} of ${summary.improvement.answered} that answered).`;

  if (!summary.split) {
    blocks.push(section(logged), section(improvement));
    blocks.push(context('Log your week with `/lead log`; the summary counts everyone who logged, and names only those who opted in with `/lead share on`.'));
    return message(`${title}: nobody logged time last week. ${improvement.replace(/\*/g, '')}`, blocks);
  }

  const coding = `*${summary.aboveCodingTarget} of ${summary.managersLogged}* spent more of their week coding than their target.`;
  blocks.push(
    section(logged),
    section(`*Average split* (each manager counts once):\n${averageLines(summary.split)}`),
    section(`${coding}\n${improvement}`),
  );

  const shared = summary.shared;
  if (shared.length === 0) {
    blocks.push(section('Nobody has opted in to share their own split. Anyone can, with `/lead share on` or on the lead-coach Home tab.'));
  } else {
    const lines = shared.map((s, i) => {
      const letter = options.chart && i < options.chartManagers ? `*${sharedLabel(i)}* ` : '';
      return `${letter}${mention(s.userId)} (${formatMinutes(s.totalMinutes)}): ${splitLine(s.split)}`;
    });
    const room = SLACK_LIMITS.messageBlocks - blocks.length - 3;
    const sections = Math.max(1, Math.min(room, Math.ceil(lines.length / SHARED_PER_SECTION)));
    const shown = Math.min(lines.length, sections * SHARED_PER_SECTION);
    blocks.push(section(`*Shared by managers who opted in* (${shared.length}):`));
    for (let i = 0; i < shown; i += SHARED_PER_SECTION) blocks.push(section(lines.slice(i, i + SHARED_PER_SECTION).join('\n')));
    if (shown < lines.length) blocks.push(context(`…and ${lines.length - shown} more who opted in.`));
  }
  blocks.push(
    context(
      'Only managers who opted in with `/lead share on` are named. Notes are never shown.' +
        (options.chart && shared.length ? ' Letters match the bars in the chart.' : ''),
    ),
  );
  const text = `${title}: ${summary.managersLogged} of ${summary.managersEnrolled} managers logged. Average split: ${splitLine(summary.split)}. ${summary.aboveCodingTarget} above their coding target. ${improvement.replace(/\*/g, '')}`;
  return message(text, blocks);
}

export function chartTitle(summary: CohortSummary): string {
  return `Cohort time split, ${formatWeek(summary.week)}`;
}

export function chartAltText(summary: CohortSummary): string {
  const parts = summary.history.map((h) =>
    h.exact
      ? `week of ${h.week.start}: ${CATEGORIES.map((c) => `${c.label} ${Math.round(h.exact?.[c.id] ?? 0)}%`).join(', ')}`
      : `week of ${h.week.start}: no data`,
  );
  return `Stacked bars of the cohort's average time split per week. ${parts.join('; ')}.`.slice(0, 1000);
}

const CHANNEL_PROBLEMS: Record<string, string> = {
  not_in_channel: 'lead-coach is not a member of',
  channel_not_found: 'lead-coach cannot find (it may be private without lead-coach in it, or deleted)',
  is_archived: 'lead-coach cannot post to the archived channel',
};

export function isChannelProblem(error: string | undefined): boolean {
  return error !== undefined && error in CHANNEL_PROBLEMS;
}

/** The DM to the admin who picked the channel when the weekly post could not go there. */
export function channelProblemMessage(channelId: string, error: string, week: CohortSummary['week']): Message {
  const where = channelMention(channelId);
  const problem = CHANNEL_PROBLEMS[error] ?? 'lead-coach could not post to';
  const text =
    `The cohort summary for ${formatWeek(week)} was not posted: ${problem} ${where}. ` +
    `Invite it by typing \`/invite @lead-coach\` in ${where} and then run \`/lead summary channel ${where}\` again, ` +
    'or pick another channel with `/lead summary channel #channel`. Either way, this week\'s summary follows within a minute (until the end of Monday).';
  return message(text, [section(`:warning: ${text}`), context(`Slack said: \`${error}\`. You get this because you set the summary channel.`)]);
}

export function summarySettingsMessage(
  settings: SummarySettings,
  opts: { sharing: boolean; nextPost: string | undefined },
): Message {
  const channel = settings.channelId
    ? `${channelMention(settings.channelId)}${settings.setBy ? ` (set by ${mention(settings.setBy)})` : ''}`
    : 'not set yet: a workspace admin can set it with `/lead summary channel #channel`';
  const lines = [
    `*Channel:* ${channel}`,
    `*When:* Mondays at 10:00 ${settings.timeZone}, for the week before`,
    ...(opts.nextPost ? [`*Next post:* ${opts.nextPost}`] : []),
    `*Your split:* ${opts.sharing ? 'shared in the summary (turn off with `/lead share off`)' : 'not shared; only counted anonymously (share it with `/lead share on`)'}`,
  ];
  const text = `Cohort summary settings. ${lines.join(' ').replace(/\*/g, '')}`;
  return message(text, [
    header('Cohort summary'),
    section(lines.join('\n')),
    context('Admins: `/lead summary channel #channel` to change the channel, `/lead summary timezone Europe/Berlin` to change the time zone.'),
  ]);
}

/** The App Home section with the share toggle. */
export function shareHomeSection(sharing: boolean, settings: SummarySettings): KnownBlock[] {
  const where = settings.channelId ? ` in ${channelMention(settings.channelId)}` : '';
  const state = sharing
    ? `*Your split is shared* in the weekly cohort summary${where}, next to your name.`
    : `*Your split is private.* The weekly cohort summary${where} counts it anonymously and never names you.`;
  return [
    header('Cohort summary'),
    {
      type: 'section',
      text: { type: 'mrkdwn', text: state },
      accessory: {
        type: 'button',
        action_id: SUMMARY_ACTIONS.shareToggle,
        text: { type: 'plain_text', text: sharing ? 'Stop sharing' : 'Share my split' },
        value: sharing ? 'off' : 'on',
        ...(sharing ? {} : { style: 'primary' as const }),
      },
    },
    context('Only the share per category is shown, never notes. Also `/lead share on` / `/lead share off`.'),
  ];
}

export function shareChangedText(sharing: boolean): string {
  return sharing
    ? ':white_check_mark: Your weekly split will be shared in the cohort summary, with your name. Stop any time with `/lead share off`.'
    : ':lock: Your split is private again: the cohort summary counts it anonymously and does not name you. Share again with `/lead share on`.';
}

export const SUMMARY_EXAMPLES = {
  show: '/lead summary',
  channel: '/lead summary channel #eng-managers',
  timeZone: '/lead summary timezone Europe/Berlin',
  share: '/lead share on',
} as const;

export function channelSetMessage(channelId: string, timeZone: string): Message {
  const where = channelMention(channelId);
  const text =
    `Done: the weekly cohort summary goes to ${where} every Monday at 10:00 ${timeZone}. ` +
    `lead-coach must be a member there: if it is not yet, type \`/invite @lead-coach\` in ${where}. If a post fails, I will DM you.`;
  return message(text, [section(`:white_check_mark: ${text}`)]);
}

export function timeZoneSetMessage(timeZone: string, nextPost: string | undefined): Message {
  const text = `Done: the cohort summary is now posted Mondays at 10:00 ${timeZone}${nextPost ? ` (next: ${nextPost})` : ''}.`;
  return message(text, [section(`:white_check_mark: ${text}`)]);
}

/** The App Home section: the manager's sharing state and its toggle. */
export function summaryHomeSection(deps: Pick<SummaryDeps, 'repos'>): HomeSection {
  return async (manager) => shareHomeSection(manager.shareInCohort, await deps.repos.summary.settings());
}
