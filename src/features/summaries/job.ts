import { ErrorCode } from '@slack/web-api';

import {
  chartAltText,
  chartTitle,
  channelProblemMessage,
  cohortSummaryMessage,
  isChannelProblem,
  nativeCohortChart,
  personalSummaryMessage,
  calendarLine,
} from './blocks';
import { CHART_WIDTH, chartHeight, cohortChartSvg, MAX_CHART_MANAGERS } from './chart';
import { renderPng } from './renderChart';
import { uploadFile } from '../../core/slack/upload';
import { slackErrorCode, webApiFailure } from '../../core/slack/errors';
import { MIN_GROUP, type CohortPost, type SummaryRecipient, type SummarySettings } from './entities';
import type { ChartResume } from './repository';
import { emptyMinutes, type CategoryId, type CategoryMinutes } from '../../core/categories';
import { cohortSummary, type CohortSummary } from './rules/cohort';
import { personalSummary, type ImprovementAnswer } from './rules/personal';
import { dueWeeklySend, weeksEndingWith, type DueWeek, type Week } from './rules/week';
import { addLocalDays, localDateIn, zonedInstant } from '../../core/dates/localDate';
import { mergeTargets, type Targets } from '../timelog';
import { defaultTargets } from '../timelog';
import { createDeliveryClient, createDeliveryService, REFUSED_PREFIX, type DeliveryOptions, type DeliveryService, type Outbound } from '../../core/delivery/delivery';
import type { Job, JobContext, JobReport } from '../../core/jobs/job';
import type { SummaryDeps } from './deps';

/** What a run of this job uses: the scheduler's context and the feature's own dependencies (no Home). */
export type SummaryJobContext = JobContext & Omit<SummaryDeps, 'refreshHome'>;

export const WEEKLY_SUMMARY_JOB = 'weekly-summary';
/** Local time of the personal DM (each manager's zone) and of the channel post (the summary's zone). */
export const PERSONAL_SUMMARY_AT = '09:00';
export const COHORT_SUMMARY_AT = '10:00';
/** The summarised week plus the three before it: the comparison and the chart's four bars. */
const WEEKS_LOOKED_AT = 4;

export const summaryKeys = {
  personal: (userId: string, weekStart: string) => `weekly-summary:${userId}:${weekStart}`,
  cohort: (weekStart: string, settingsVersion: number) => `weekly-summary:cohort:${weekStart}:v${settingsVersion}`,
  /** The first try, with Slack's native chart block; when Slack refuses the block, `cohort` follows without it. */
  cohortNativeChart: (weekStart: string, settingsVersion: number) => `weekly-summary:cohort-native-chart:${weekStart}:v${settingsVersion}`,
  channelProblem: (weekStart: string, settingsVersion: number) =>
    `weekly-summary:channel-problem:${weekStart}:v${settingsVersion}`,
};

/** Everything the summaries are computed from for one window of weeks, read in a few bulk queries. */
export interface SummaryData {
  weeks: Week[];
  minutes: Map<string, CategoryMinutes[]>;
  targets: (userId: string) => Targets;
  defaultTargets: Record<CategoryId, { min: number; max: number }>;
  improvement: Map<string, boolean>;
}

export async function loadSummaryData(ctx: Pick<SummaryJobContext, 'repos' | 'coaching'>, week: Week): Promise<SummaryData> {
  const weeks = weeksEndingWith(week, WEEKS_LOOKED_AT);
  const first = weeks[0] ?? week;
  const minutes = await ctx.repos.summary.minutesByWeek(first.start, week.end, weeks.length);
  const overrides = await ctx.repos.summary.allTargetOverrides();
  const defaults = defaultTargets(ctx.coaching);
  const plain = mergeTargets(defaults, {});
  return {
    weeks,
    minutes,
    targets: (userId) => {
      const own = overrides.get(userId);
      return own ? mergeTargets(defaults, own) : plain;
    },
    defaultTargets: defaults,
    improvement: await ctx.repos.summary.improvementAnswers(week.start),
  };
}

function weeksOf(data: SummaryData, userId: string): CategoryMinutes[] {
  return data.minutes.get(userId) ?? data.weeks.map(() => emptyMinutes());
}

function improvementOf(data: SummaryData, userId: string): ImprovementAnswer {
  const answer = data.improvement.get(userId);
  return answer === undefined ? 'unanswered' : answer ? 'yes' : 'no';
}

/** Per zone, the instant the summarised week ended (Monday 00:00 there); computed once per zone. */
function weekEndIn(week: Week): (timeZone: string) => number {
  const cache = new Map<string, number>();
  return (timeZone) => {
    let end = cache.get(timeZone);
    if (end === undefined) {
      end = zonedInstant(addLocalDays(week.end, 1), '00:00', timeZone).getTime();
      cache.set(timeZone, end);
    }
    return end;
  };
}

/**
 * The cohort's week over the managers who logged in it (enrolled before it ended): an admin or a
 * manager who logged nothing is in no figure. Improvement answers count only from those managers.
 */
export function computeCohortSummary(data: SummaryData, allRecipients: readonly SummaryRecipient[], minGroup: number = MIN_GROUP.default): CohortSummary {
  const week = data.weeks[data.weeks.length - 1];
  const endIn = week ? weekEndIn(week) : undefined;
  const recipients = endIn ? allRecipients.filter((r) => Date.parse(r.enrolledAt) < endIn(r.timeZone)) : allRecipients;
  return cohortSummary({
    weeks: data.weeks,
    managers: recipients.map((r) => ({
      userId: r.userId,
      weeks: weeksOf(data, r.userId),
      targets: data.targets(r.userId),
      sharesInCohort: r.shareInCohort,
    })),
    improvementAnswers: recipients.flatMap((r) => {
      const atTarget = data.improvement.get(r.userId);
      return atTarget === undefined ? [] : [{ atTarget }];
    }),
    minGroup,
    defaultTargets: data.defaultTargets,
  });
}

/** Who gets the personal summary on this run: due in their own zone, enrolled before Monday, reachable, not paused. */
function dueRecipients(now: Date, recipients: readonly SummaryRecipient[]): Map<string, { week: Week; dueAt: Date; people: SummaryRecipient[] }> {
  const byWeek = new Map<string, { week: Week; dueAt: Date; people: SummaryRecipient[] }>();
  // Thousands of managers share a few dozen zones: work each zone out once per run.
  const zones = new Map<string, { due: DueWeek | undefined; today: string; weekEnd: number }>();
  for (const r of recipients) {
    if (r.unreachable || !r.nudgesEnabled) continue;
    let zone = zones.get(r.timeZone);
    if (!zone) {
      const due = dueWeeklySend(now, r.timeZone, PERSONAL_SUMMARY_AT);
      zone = {
        due,
        today: localDateIn(now, r.timeZone),
        weekEnd: due ? zonedInstant(addLocalDays(due.week.end, 1), '00:00', r.timeZone).getTime() : 0,
      };
      zones.set(r.timeZone, zone);
    }
    const { due } = zone;
    if (!due) continue;
    if (r.pausedUntil && r.pausedUntil >= zone.today) continue;
    // Someone who enrolled this Monday has no week behind them to summarise.
    if (Date.parse(r.enrolledAt) >= zone.weekEnd) continue;
    const group = byWeek.get(due.week.start) ?? { week: due.week, dueAt: due.dueAt, people: [] };
    if (due.dueAt < group.dueAt) group.dueAt = due.dueAt;
    group.people.push(r);
    byWeek.set(due.week.start, group);
  }
  return byWeek;
}

async function sendPersonalSummaries(now: Date, ctx: SummaryJobContext, delivery: DeliveryService, lines: string[]): Promise<void> {
  const recipients = await ctx.repos.summary.recipients();
  for (const { week, people } of dueRecipients(now, recipients).values()) {
    const handled = await ctx.repos.summary.personalHandled(week.start);
    const pending = people.filter((p) => !handled.has(p.userId));
    if (pending.length === 0) continue;
    const data = await loadSummaryData(ctx, week);
    const kinds = new Map<string, 'report' | 'no-data'>();
    // Calendar: what the linked calendar had in the week, next to what was logged (from the database).
    const calendarWeeks = new Map<string, CategoryMinutes | undefined>();
    if (ctx.calendar) for (const p of pending) calendarWeeks.set(p.userId, await ctx.calendar.weekMinutes(p.userId, week.start, week.end));
    const batch: Outbound[] = pending.map((p) => {
      const weeks = weeksOf(data, p.userId);
      const summary = personalSummary({
        week,
        lastWeek: weeks[weeks.length - 1] ?? emptyMinutes(),
        earlierWeeks: weeks.slice(0, -1),
        targets: data.targets(p.userId),
        improvement: improvementOf(data, p.userId),
      });
      const key = summaryKeys.personal(p.userId, week.start);
      kinds.set(key, summary.kind);
      const calendarWeek = calendarWeeks.get(p.userId);
      const msg = personalSummaryMessage(summary, ctx.coaching, calendarWeek ? calendarLine(calendarWeek, weeks[weeks.length - 1] ?? emptyMinutes()) : undefined);
      return {
        key,
        kind: WEEKLY_SUMMARY_JOB,
        userId: p.userId,
        channel: p.userId,
        text: msg.text,
        blocks: msg.blocks,
        dueAt: zonedInstant(addLocalDays(week.end, 1), PERSONAL_SUMMARY_AT, p.timeZone),
      };
    });
    const results = await delivery.deliver(batch);
    const at = ctx.clock.now();
    for (const [i, res] of results.entries()) {
      const p = pending[i];
      if (!p) continue;
      const kind = kinds.get(res.key) ?? 'report';
      if (res.status === 'sent') {
        await ctx.repos.summary.recordPersonal(p.userId, week.start, kind, 'sent', at);
        lines.push(`personal ${kind} for week ${week.start} sent to ${p.userId}`);
      } else if (res.status === 'failed' && res.retryAt) {
        // Not handled yet: a later run sends it again from retryAt on.
        lines.push(`personal ${kind} for week ${week.start} to ${p.userId} failed for now (${res.error ?? 'unknown error'}); tried again from ${res.retryAt.toISOString()}`);
      } else if (res.status === 'failed') {
        await ctx.repos.summary.recordPersonal(p.userId, week.start, kind, 'failed', at, res.error);
        lines.push(`personal ${kind} for week ${week.start} to ${p.userId} failed: ${res.error ?? 'unknown error'}`);
      } else {
        // Claimed by an earlier run or another process: its outcome is in the deliveries ledger.
        const earlier = await ctx.repos.deliveries.get(res.key);
        if (earlier && earlier.status !== 'claimed' && !earlier.retryAt) {
          await ctx.repos.summary.recordPersonal(p.userId, week.start, kind, earlier.status === 'sent' ? 'sent' : 'failed', at, earlier.lastError ?? undefined);
        }
      }
    }
  }
}

/** An `uploading` chart this old was interrupted (a whole upload takes well under a minute); a failed one waits this long. */
const CHART_RESUME_AFTER_MS = 5 * 60_000;

/** Upload failures that pass (timeouts, 5xx, resets, rate limits): the chart is tried again on a later run that Monday. */
const RETRYABLE_CHART_ERRORS: ReadonlySet<string> = new Set([
  'upload_timeout',
  'upload_failed',
  'upload_http_500',
  'upload_http_502',
  'upload_http_503',
  'upload_http_504',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  ErrorCode.RequestError,
  ErrorCode.HTTPError,
  ErrorCode.RateLimitedError,
]);

function chartResume(now: Date): ChartResume {
  const before = new Date(now.getTime() - CHART_RESUME_AFTER_MS);
  return { interruptedBefore: before, retryFailedBefore: before, retryableErrors: [...RETRYABLE_CHART_ERRORS] };
}

/** True when a posted week's chart is not done: never tried, interrupted, or failed for a passing reason long enough ago. */
function chartPending(post: CohortPost, now: Date): boolean {
  if (post.chartStatus === null) return true;
  const old = Date.parse(post.updatedAt) < now.getTime() - CHART_RESUME_AFTER_MS;
  if (post.chartStatus === 'uploading') return old;
  return post.chartStatus === 'failed' && old && RETRYABLE_CHART_ERRORS.has(post.chartError ?? '');
}

/** Whether the chart would show anything: a week with a large enough private group, or someone who opted in. */
function hasChartData(summary: CohortSummary): boolean {
  return summary.status === 'summary' && (summary.history.some((h) => h.exact) || summary.shared.length > 0);
}

async function uploadChart(
  ctx: SummaryJobContext,
  summary: CohortSummary,
  channelId: string,
  lines: string[],
): Promise<void> {
  const weekStart = summary.week.start;
  const now = ctx.clock.now();
  if (!(await ctx.repos.summary.claimChart(weekStart, now, chartResume(now)))) return;
  if (!hasChartData(summary)) {
    await ctx.repos.summary.recordChart(weekStart, 'skipped', ctx.clock.now());
    return;
  }
  const logger = ctx.logger.child({ step: 'chart', weekStart });
  try {
    const bytes = renderPng(cohortChartSvg(summary));
    const fileId = await uploadFile(ctx.client, {
      channelId,
      contentType: 'image/png',
      filename: `cohort-time-split-${weekStart}.png`,
      title: chartTitle(summary),
      altText: chartAltText(summary),
      bytes,
      initialComment: `Chart: each category against its target range, for the managers who keep their split private over the last ${summary.history.length} weeks${summary.shared.length ? ', then the managers who opted in (letters as in the summary above)' : ''}.`,
    }, ctx.config.slackTimeoutMs);
    await ctx.repos.summary.recordChart(weekStart, 'uploaded', ctx.clock.now(), { fileId });
    lines.push(`cohort chart for week ${weekStart} uploaded to ${channelId} (${CHART_WIDTH}x${chartHeight(summary)} PNG, ${bytes.length} bytes)`);
  } catch (err) {
    const code = slackErrorCode(err) ?? webApiFailure(err)?.code ?? 'upload_failed';
    await ctx.repos.summary.recordChart(weekStart, 'failed', ctx.clock.now(), { error: code });
    const retried = RETRYABLE_CHART_ERRORS.has(code);
    logger.warn({ err, channelId, retried }, 'chart upload failed; the text summary stands on its own');
    lines.push(`cohort chart for week ${weekStart} not uploaded: ${code}${retried ? ' (tried again in a few minutes)' : ''}`);
  }
}

async function tellAdmin(
  ctx: SummaryJobContext,
  delivery: DeliveryService,
  settings: SummarySettings,
  week: Week,
  error: string,
  dueAt: Date,
  lines: string[],
): Promise<void> {
  if (!settings.setBy || !settings.channelId) return;
  const msg = channelProblemMessage(settings.channelId, error, week);
  const isManager = await ctx.repos.managers.get(settings.setBy) !== undefined;
  const [res] = await delivery.deliver([
    {
      key: summaryKeys.channelProblem(week.start, settings.version),
      kind: `${WEEKLY_SUMMARY_JOB}:channel-problem`,
      ...(isManager ? { userId: settings.setBy } : {}),
      channel: settings.setBy,
      text: msg.text,
      blocks: msg.blocks,
      dueAt,
    },
  ]);
  if (res?.status === 'sent') lines.push(`told ${settings.setBy} that the summary could not be posted (${error})`);
}

type PostOutcome = { status: 'sent' | 'failed' | 'pending'; ts?: string; error?: string };

/**
 * Sends one channel post exactly once; on a re-run, reads how the earlier attempt ended. A passing
 * failure (one with a retry time) is pending, not failed: not the channel's fault, so the admin is
 * not told, and a later run posts it.
 */
async function deliverOnce(ctx: SummaryJobContext, delivery: DeliveryService, outbound: Outbound, lines: string[], what: string): Promise<PostOutcome> {
  const [res] = await delivery.deliver([outbound]);
  if (res?.status === 'sent') return { status: 'sent', ...(res.ts ? { ts: res.ts } : {}) };
  if (res?.status === 'failed' && res.retryAt) {
    lines.push(`${what} not posted yet (${res.error ?? 'unknown_error'}); tried again from ${res.retryAt.toISOString()}`);
    return { status: 'pending' };
  }
  if (res?.status === 'failed') return { status: 'failed', error: res.error ?? 'unknown_error' };
  const earlier = await ctx.repos.deliveries.get(outbound.key);
  if (earlier?.status === 'sent') return { status: 'sent', ...(earlier.ts ? { ts: earlier.ts } : {}) };
  if (earlier?.status === 'failed' && !earlier.retryAt) return { status: 'failed', error: earlier.lastError ?? 'unknown_error' };
  return { status: 'pending' };
}

/**
 * The week's post, first with Slack's native chart block in it; when Slack refuses that block
 * (`invalid_blocks`, e.g. a workspace without it yet), again without it, and the PNG follows.
 */
async function deliverCohortPost(
  ctx: SummaryJobContext,
  delivery: DeliveryService,
  summary: CohortSummary,
  settings: SummarySettings & { channelId: string },
  dueAt: Date,
  lines: string[],
): Promise<PostOutcome & { nativeChart: boolean }> {
  const post = (key: string, msg: { text: string; blocks: Outbound['blocks'] }): Outbound => ({
    key,
    kind: `${WEEKLY_SUMMARY_JOB}:cohort`,
    channel: settings.channelId,
    text: msg.text,
    ...(msg.blocks ? { blocks: msg.blocks } : {}),
    dueAt,
  });
  const native = nativeCohortChart(summary);
  if (native) {
    const msg = cohortSummaryMessage(summary, { chartManagers: native.managers, nativeChart: native.block });
    const outcome = await deliverOnce(ctx, delivery, post(summaryKeys.cohortNativeChart(summary.week.start, settings.version), msg), lines, `cohort summary for week ${summary.week.start}`);
    if (outcome.status !== 'failed' || outcome.error !== `${REFUSED_PREFIX}invalid_blocks`) return { ...outcome, nativeChart: true };
    lines.push(`native chart block refused for week ${summary.week.start}; posting with the PNG chart instead`);
  }
  const chartManagers = hasChartData(summary) ? Math.min(summary.shared.length, MAX_CHART_MANAGERS) : 0;
  const msg = cohortSummaryMessage(summary, { chartManagers });
  return { ...(await deliverOnce(ctx, delivery, post(summaryKeys.cohort(summary.week.start, settings.version), msg), lines, `cohort summary for week ${summary.week.start}`)), nativeChart: false };
}

async function postCohortSummary(now: Date, ctx: SummaryJobContext, delivery: DeliveryService, lines: string[]): Promise<void> {
  const settings = await ctx.repos.summary.settings();
  const channelId = settings.channelId;
  if (!channelId) return;
  const due = dueWeeklySend(now, settings.timeZone, COHORT_SUMMARY_AT);
  if (!due) return;
  const { week } = due;
  const previous = await ctx.repos.summary.cohortPost(week.start);
  if (previous?.status === 'empty') return;
  // A failed week waits for the admin to fix the channel (which bumps the settings version).
  if (previous?.status === 'failed' && previous.settingsVersion === settings.version) return;
  if (previous?.status === 'posted' && !chartPending(previous, now)) return;

  const recipients = await ctx.repos.summary.recipients();
  const summary = computeCohortSummary(await loadSummaryData(ctx, week), recipients, settings.minGroup);
  if (previous?.status === 'posted') {
    // The text went out but the run stopped before the chart: finish the chart only, unless it was in the message.
    const native = await ctx.repos.deliveries.get(summaryKeys.cohortNativeChart(week.start, previous.settingsVersion));
    if (native?.status === 'sent' && (await ctx.repos.summary.claimChart(week.start, ctx.clock.now()))) {
      await ctx.repos.summary.recordChart(week.start, 'native', ctx.clock.now());
      return;
    }
    await uploadChart(ctx, summary, previous.channelId, lines);
    return;
  }
  const at = ctx.clock.now();
  if (summary.status === 'empty') {
    await ctx.repos.summary.recordCohortEmpty({ weekStart: week.start, channelId, version: settings.version, at });
    lines.push(`cohort summary for week ${week.start}: nobody logged, nothing posted`);
    return;
  }

  const outcome = await deliverCohortPost(ctx, delivery, summary, { ...settings, channelId }, due.dueAt, lines);
  if (outcome.status === 'pending') return;
  if (outcome.status === 'failed') {
    const error = outcome.error ?? 'unknown_error';
    await ctx.repos.summary.recordCohortAttempt({ weekStart: week.start, channelId, version: settings.version, status: 'failed', error, at });
    lines.push(`cohort summary for week ${week.start} not posted to ${channelId}: ${error}`);
    ctx.logger.warn({ channelId, error, channelProblem: isChannelProblem(error) }, 'cohort summary could not be posted');
    await tellAdmin(ctx, delivery, settings, week, error, due.dueAt, lines);
    return;
  }
  await ctx.repos.summary.recordCohortAttempt({
    weekStart: week.start,
    channelId,
    version: settings.version,
    status: 'posted',
    ...(outcome.ts ? { ts: outcome.ts } : {}),
    at,
  });
  const named = summary.shared.length;
  lines.push(
    summary.status === 'too-small'
      ? `cohort summary for week ${week.start} posted to ${channelId} without figures (${summary.managersLogged} managers logged, fewer than ${summary.minGroup})`
      : `cohort summary for week ${week.start} posted to ${channelId} (${summary.managersLogged} managers logged, ${named} named${outcome.nativeChart ? ', native chart' : ''})`,
  );
  if (outcome.nativeChart && (await ctx.repos.summary.claimChart(week.start, at))) {
    await ctx.repos.summary.recordChart(week.start, 'native', at);
    return;
  }
  await uploadChart(ctx, summary, channelId, lines);
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Whether it is Monday in any time zone (UTC−12 to UTC+14): from Sunday 10:00 to Tuesday 12:00 UTC.
 * The job runs every minute; the rest of the week it returns without reading the database.
 */
export function mondaySomewhere(now: Date): boolean {
  const sinceSunday = (now.getUTCDay() * 24 + now.getUTCHours()) * HOUR_MS + (now.getTime() % HOUR_MS);
  return sinceSunday >= 10 * HOUR_MS && sinceSunday < (2 * 24 + 12) * HOUR_MS;
}

/** A summary that failed for a passing reason is tried again through that Monday (its due day, in every zone). */
const SUMMARY_RETRY_FOR_MS = 24 * HOUR_MS;

export interface WeeklySummaryJobOptions {
  delivery?: DeliveryOptions;
}

/**
 * Every minute: personal summaries to managers whose Monday 09:00 has come (for the week before,
 * in their zone), and the cohort post once Monday 10:00 has come in the summary's zone. Each
 * message has a delivery key, so a re-run (or an overlapping process) sends nothing twice.
 */
export function weeklySummaryJob(options: WeeklySummaryJobOptions = {}): Job {
  return {
    name: WEEKLY_SUMMARY_JOB,
    schedule: '* * * * *',
    description: 'Monday summaries: each manager’s week by DM at 09:00 local, the cohort’s in the summary channel at 10:00',
    async run(now: Date, ctx: SummaryJobContext): Promise<JobReport> {
      const lines: string[] = [];
      if (!mondaySomewhere(now)) return { lines };
      const delivery = createDeliveryService(
        { client: createDeliveryClient(ctx.config, ctx.logger), repos: ctx.repos, logger: ctx.logger, clock: ctx.clock, health: ctx.health },
        { retryForMs: SUMMARY_RETRY_FOR_MS, ...options.delivery },
      );
      await sendPersonalSummaries(now, ctx, delivery, lines);
      await postCohortSummary(now, ctx, delivery, lines);
      return { lines };
    },
  };
}
