import type { KnownBlock } from '@slack/types';

import type { CoachingContent } from '../../core/content/coaching';
import { formatSource } from '../../core/content/coaching';
import { MIN_GROUP, type SummarySettings } from './entities';
import type { HomeSection } from '../home';
import type { SummaryDeps } from './deps';
import { CATEGORIES, type CategoryMinutes } from '../../core/categories';
import { sharedLabel, type CohortSummary } from './rules/cohort';
import type { ImprovementAnswer, PersonalSummary } from './rules/personal';
import type { CategoryShares } from './rules/shares';
import { formatMinutes } from '../timelog';
import { formatDay, formatWeek } from '../../core/dates/localDate';
import { coachingLineFor } from '../timelog';
import { context, header, message, section, SLACK_LIMITS, type Message } from '../../core/blockKit';
import { isSlackUserId } from '../../core/slack/ids';
import { coachingBlocks, splitTable } from '../timelog';

export const SUMMARY_ACTIONS = {
  shareToggle: 'summary_share_toggle',
} as const;

const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

/** A mention built from a Slack user id only; anything else renders as nothing rather than as text. */
export function mention(userId: string): string {
  return isSlackUserId(userId) ? `<@${userId}>` : '(unknown user)';
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
/** The summary's calendar line: how much of the week's events were meetings, next to the meetings logged. */
export function calendarLine(calendar: CategoryMinutes, logged: CategoryMinutes): string | undefined {
  const inEvents = CATEGORIES.reduce((s, c) => s + calendar[c.id], 0);
  if (inEvents === 0) return undefined;
  const share = Math.round((calendar.meetings / inEvents) * 100);
  return (
    `:calendar: Your calendar says *${formatMinutes(calendar.meetings)}* of last week's ${formatMinutes(inEvents)} in events were meetings (${share}%); ` +
    `you logged ${formatMinutes(logged.meetings)} of meetings.`
  );
}

export function personalSummaryMessage(summary: PersonalSummary, coaching: CoachingContent, calendar?: string): Message {
  const title = `Your week · ${formatWeek(summary.week)}`;
  const calendarBlocks = calendar ? [section(calendar)] : [];
  if (summary.kind === 'no-data') {
    const tip = coaching.text('tip.no-data');
    const text = `${title}: nothing logged. ${tip.text}`;
    return message(text, [
      header(title),
      section(`:pencil2: ${tip.text}`),
      ...calendarBlocks,
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
    ...calendarBlocks,
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
  /** How many opted-in managers carry a letter matching a bar in the chart (0: no chart). */
  chartManagers: number;
  /** Slack's native chart block, carried in the message itself. */
  nativeChart?: DataVisualizationBlock;
}

const SHARED_PER_SECTION = 15;

function managers(n: number): string {
  return n === 1 ? '1 manager' : `${n} managers`;
}

function improvementLineFor(summary: CohortSummary): string {
  const { improvement, minGroup } = summary;
  if (improvement.percent !== undefined) {
    return `*${improvement.percent}%* of the ${improvement.answered} teams that answered were at 20% system improvement (${improvement.atTarget} of ${improvement.answered}).`;
  }
  if (improvement.answered === 0) return 'No team answered the Wednesday question on 20% for system improvement.';
  return `${improvement.answered === 1 ? 'Only 1 team' : `Only ${improvement.answered} teams`} answered the Wednesday question on 20% for system improvement: fewer than ${minGroup}, so the result is not posted.`;
}

/** The post for a week with fewer managers who logged than the minimum group: a count and nothing else. */
function tooSmallMessage(summary: CohortSummary, title: string): Message {
  const why = `*${managers(summary.managersLogged)}* logged their time last week: too few to summarise without giving someone's week away. The summary needs at least *${summary.minGroup}*.`;
  return message(`${title}: only ${managers(summary.managersLogged)} logged, too few to summarise (at least ${summary.minGroup} needed).`, [
    header(title),
    section(`:lock: ${why}`),
    context(`Log your week with \`/lead log\`. Admins can change the minimum with \`${SUMMARY_EXAMPLES.minGroup}\` (never below ${MIN_GROUP.floor}).`),
  ]);
}

/**
 * The channel post. It stands on its own without the chart. Every figure is over a group of at
 * least the minimum size; opted-in managers are named with their own split and left out of the
 * averages, so nothing posted lets a reader work out a private manager's split. Only mentions built
 * from user ids appear; notes and anything else typed by users never do.
 */
export function cohortSummaryMessage(summary: CohortSummary, options: CohortMessageOptions): Message {
  const title = `Cohort week · ${formatWeek(summary.week)}`;
  if (summary.status !== 'summary') return tooSmallMessage(summary, title);

  const { shared, privateManagers, minGroup } = summary;
  const blocks: KnownBlock[] = [header(title)];
  const who = [shared.length ? `${shared.length} share their split by name` : '', privateManagers ? `${privateManagers} ${privateManagers === 1 ? 'keeps' : 'keep'} it private` : '']
    .filter(Boolean)
    .join(', ');
  blocks.push(section(`*${managers(summary.managersLogged)}* logged their time last week: ${who}.`));

  let privateText: string;
  if (summary.private) {
    privateText =
      `*Average split of the ${privateManagers} who keep theirs private* (each counts once):\n${averageLines(summary.private.split)}\n` +
      `*${summary.private.aboveCodingTarget} of ${privateManagers}* of them spent more of their week coding than their target.`;
  } else if (privateManagers === 0) {
    privateText = 'Everyone who logged shares their split by name, below.';
  } else {
    const keep = privateManagers === 1 ? 'Only 1 manager keeps' : `Only ${privateManagers} managers keep`;
    privateText = `:lock: ${keep} their split private, fewer than ${minGroup}, so no average of theirs is posted: it would give their weeks away.`;
  }
  blocks.push(section(privateText), section(improvementLineFor(summary)));

  if (shared.length === 0) {
    blocks.push(section('Nobody has opted in to share their own split. Anyone can, with `/lead share on` or on the lead-coach Home tab.'));
  } else {
    const lines = shared.map((s, i) => {
      const letter = i < options.chartManagers ? `*${sharedLabel(i)}* ` : '';
      return `${letter}${mention(s.userId)} (${formatMinutes(s.totalMinutes)}): ${splitLine(s.split)}`;
    });
    const room = SLACK_LIMITS.messageBlocks - blocks.length - 4;
    const sections = Math.max(1, Math.min(room, Math.ceil(lines.length / SHARED_PER_SECTION)));
    const shown = Math.min(lines.length, sections * SHARED_PER_SECTION);
    blocks.push(section(`*Shared by managers who opted in* (${shared.length}):`));
    for (let i = 0; i < shown; i += SHARED_PER_SECTION) blocks.push(section(lines.slice(i, i + SHARED_PER_SECTION).join('\n')));
    if (shown < lines.length) blocks.push(context(`…and ${lines.length - shown} more who opted in.`));
  }
  if (options.nativeChart) blocks.push(nativeChartAsBlock(options.nativeChart));
  blocks.push(
    context(
      `Only managers who opted in with \`/lead share on\` are named, and the averages leave them out. No figure is posted for fewer than ${minGroup} managers. Notes are never shown.` +
        (options.chartManagers > 0 && shared.length ? ' Letters match the bars in the chart.' : ''),
    ),
  );
  const average = summary.private ? ` Private average: ${splitLine(summary.private.split)}.` : '';
  const text = `${title}: ${managers(summary.managersLogged)} logged.${average} ${improvementLineFor(summary).replace(/\*/g, '')}`;
  return message(text, blocks);
}

/**
 * Slack's native chart block (changelog 2026-06-16), not yet in @slack/types. The shape follows the
 * data visualization block reference as third-party SDKs mirror it: a titled bar chart whose series
 * each hold one `{label, value}` per axis category.
 */
export interface DataVisualizationBlock {
  type: 'data_visualization';
  block_id?: string;
  /** At most 50 characters. */
  title: string;
  chart: {
    type: 'bar';
    /** At most 6 series, uniquely named. */
    series: Array<{ name: string; data: Array<{ label: string; value: number }> }>;
    /** At most 20 categories of at most 20 characters; axis labels at most 50. */
    axis_config: { categories: string[]; x_label?: string; y_label?: string };
  };
}

export const NATIVE_CHART_LIMITS = { series: 6, categories: 20, label: 20, title: 50 } as const;

function nativeChartAsBlock(block: DataVisualizationBlock): KnownBlock {
  // The only way to put a block @slack/types does not know yet into a typed message.
  return block as unknown as KnownBlock;
}

/**
 * The same figures as the PNG, as Slack's own bar chart: one series per category (six, Slack's
 * limit), one axis category per week whose private group is large enough, then one per lettered
 * manager who opted in. Undefined when there is nothing to draw.
 */
export function nativeCohortChart(summary: CohortSummary): { block: DataVisualizationBlock; managers: number } | undefined {
  if (summary.status !== 'summary') return undefined;
  const columns: Array<{ label: string; shares: CategoryShares }> = [];
  for (const h of summary.history) {
    if (h.exact) columns.push({ label: `Week of ${formatDay(h.week.start).slice(4)}`, shares: h.exact });
  }
  const managers = Math.min(summary.shared.length, NATIVE_CHART_LIMITS.categories - columns.length);
  summary.shared.slice(0, managers).forEach((s, i) => columns.push({ label: `Manager ${sharedLabel(i)}`, shares: s.exact }));
  if (columns.length === 0) return undefined;
  const categories = columns.map((c) => c.label);
  return {
    managers,
    block: {
      type: 'data_visualization',
      block_id: 'cohort_chart',
      title: `Time split, ${formatDay(summary.history[0]?.week.start ?? summary.week.start).slice(4)} – ${formatDay(summary.week.end).slice(4)}`,
      chart: {
        type: 'bar',
        series: CATEGORIES.map((c) => ({ name: c.label, data: columns.map((col) => ({ label: col.label, value: Math.round(col.shares[c.id]) })) })),
        axis_config: { categories, x_label: 'Weeks: private average. Letters: opted in', y_label: '% of logged time' },
      },
    },
  };
}

export function chartTitle(summary: CohortSummary): string {
  return `Cohort time split, ${formatWeek(summary.week)}`;
}

export function chartAltText(summary: CohortSummary): string {
  const weeks = summary.history.map((h) =>
    h.exact
      ? `week of ${h.week.start} (${h.privateManagers} private managers): ${CATEGORIES.map((c) => `${c.label} ${Math.round(h.exact?.[c.id] ?? 0)}%`).join(', ')}`
      : `week of ${h.week.start}: not shown, fewer than ${summary.minGroup} private managers`,
  );
  const targets = CATEGORIES.map((c) => `${c.label} ${summary.targets[c.id].min}–${summary.targets[c.id].max}%`).join(', ');
  return `Bars per category, against the target ranges (${targets}). Average split of managers who keep theirs private: ${weeks.join('; ')}. Opted-in managers are listed in the message.`.slice(0, 1000);
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
    `*Smallest group summarised:* ${settings.minGroup} managers who logged; below that, no figures are posted`,
    `*Your split:* ${opts.sharing ? 'shared in the summary (turn off with `/lead share off`)' : 'not shared; only counted anonymously (share it with `/lead share on`)'}`,
  ];
  const text = `Cohort summary settings. ${lines.join(' ').replace(/\*/g, '')}`;
  return message(text, [
    header('Cohort summary'),
    section(lines.join('\n')),
    context('Admins: `/lead summary channel #channel` to change the channel, `/lead summary timezone Europe/Berlin` to change the time zone, `/lead summary min-group 7` to change the smallest group.'),
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
  minGroup: '/lead summary min-group 7',
} as const;

export function channelSetMessage(channelId: string, timeZone: string): Message {
  const where = channelMention(channelId);
  const text =
    `Done: the weekly cohort summary goes to ${where} every Monday at 10:00 ${timeZone}. ` +
    `lead-coach must be a member there: if it is not yet, type \`/invite @lead-coach\` in ${where}. If a post fails, I will DM you.`;
  return message(text, [section(`:white_check_mark: ${text}`)]);
}

export function minGroupSetMessage(minGroup: number): Message {
  const text = `Done: from the next post on, the cohort summary gives no figure for a group of fewer than ${minGroup} managers who logged.`;
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
