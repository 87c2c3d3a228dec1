import { storeOccurrence, type StoredOccurrence } from './blocks';
import type { Manager } from '../enrolment';
import { nudgeById, type NudgeId } from './catalog';
import { lateDecision, occurrencesBetween, stillSendable, suppression, type Occurrence, type Suppression } from './rules/schedule';
import { localMoment } from '../../core/dates/localDate';
import { fetchSlackProfile } from '../enrolment';
import { preferencesFor, profileFor, renderNudge } from './service';
import { createDeliveryClient, createDeliveryService, DELIVERY_DEFAULTS, type DeliveryOptions, type DeliveryResult, type Outbound } from '../../core/delivery/delivery';
import type { Job, JobContext, JobReport } from '../../core/jobs/job';
import type { NudgeDeps } from './deps';

/** What a run of this job uses: the scheduler's context and the feature's own dependencies (no Home). */
export type NudgeJobContext = JobContext & Omit<NudgeDeps, 'refreshHome'>;

const DAY_MS = 86_400_000;
/** Occurrences older than this when the bot comes back are not even recorded as missed. */
export const MAX_LOOKBACK_MS = 7 * DAY_MS;
/** users.info calls per tick for the weekly time-zone refresh (2,000 managers take under two hours). */
export const ZONE_REFRESH_BUDGET = 20;
const ZONE_REFRESH_AGE_MS = 7 * DAY_MS;
/** Wall time a tick spends on the refresh at most (the rest waits for the next tick), so slow Slack never makes it overrun. */
const ZONE_REFRESH_TIME_BUDGET_MS = 15_000;
/** A failed refresh is tried again after this long instead of at the next tick. */
const ZONE_RETRY_MS = 60 * 60_000;

export interface NudgeJobReport extends JobReport {
  sent: number;
  failed: number;
  missed: number;
  duplicates: number;
  suppressed: number;
}

export interface NudgeContext {
  occurrence: StoredOccurrence;
  snoozedFrom?: string;
}

function describe(occ: Pick<Occurrence, 'nudgeId' | 'userId' | 'localDate' | 'localTime' | 'timeZone'>): string {
  return `${occ.nudgeId} to ${occ.userId} (due ${occ.localDate} ${occ.localTime} ${occ.timeZone})`;
}

/**
 * The job's view of the weekly users.info refresh: slow, budgeted, and never fatal for the tick.
 * Returns the managers whose zone changed.
 */
async function refreshTimeZones(now: Date, ctx: NudgeJobContext, lines: string[]): Promise<Set<string>> {
  const moved = new Set<string>();
  const ids = await ctx.repos.managers.zonesToRefresh(new Date(now.getTime() - ZONE_REFRESH_AGE_MS), ZONE_REFRESH_BUDGET);
  const started = performance.now();
  for (const userId of ids) {
    if (performance.now() - started > ZONE_REFRESH_TIME_BUDGET_MS) break;
    const manager = await ctx.repos.managers.get(userId);
    if (!manager) continue;
    try {
      const { timeZone } = await fetchSlackProfile(ctx.client, userId);
      await ctx.repos.managers.refreshSlackTimeZone(userId, timeZone ?? manager.timeZone, now);
      if (timeZone && !manager.timeZoneConfirmed) await ctx.repos.managers.confirmTimeZone(userId);
      if (timeZone && timeZone !== manager.timeZone) {
        moved.add(userId);
        lines.push(`time zone of ${userId} is now ${timeZone} (was ${manager.timeZone})`);
      }
    } catch (err) {
      ctx.logger.warn({ err, userId }, 'users.info failed; time zone refresh retried in an hour');
      await ctx.repos.managers.refreshSlackTimeZone(userId, manager.timeZone, new Date(now.getTime() - ZONE_REFRESH_AGE_MS + ZONE_RETRY_MS));
    }
  }
  return moved;
}

interface Planned {
  outbound: Outbound;
  occurrence: StoredOccurrence;
}

/**
 * One tick: re-sends what a crashed run left claimed, finds every occurrence due since the last
 * tick (per manager), applies opt-outs, pauses and the late-send rule, and delivers exactly once.
 */
export function nudgesJob(options: DeliveryOptions = {}): Job & { run(now: Date, ctx: NudgeJobContext): Promise<NudgeJobReport> } {
  return {
    name: 'nudges',
    schedule: '* * * * *',
    description: 'Sends the nudges due up to now, each exactly once, in every manager’s own time',
    async run(now: Date, ctx: NudgeJobContext): Promise<NudgeJobReport> {
      const lines: string[] = [];
      const report: NudgeJobReport = { lines, sent: 0, failed: 0, missed: 0, duplicates: 0, suppressed: 0 };
      const client = createDeliveryClient(ctx.config, ctx.logger);
      const delivery = createDeliveryService({ client, repos: ctx.repos, logger: ctx.logger, clock: ctx.clock, health: ctx.health }, options);

      for (const r of await delivery.resendStale()) tally(report, r, `re-sent ${r.key} (claimed by a run that stopped)`);
      // Only a crashed claim is ever re-sent from its stored message: finished ones lose theirs.
      await ctx.repos.deliveries.prunePayloads(new Date(now.getTime() - (options.staleClaimMs ?? DELIVERY_DEFAULTS.staleClaimMs)));
      for (const r of await delivery.resendFailed()) tally(report, r, `${r.key} again (it had failed for a passing reason)`);

      const { repos } = ctx;
      const managers = await repos.managers.list();
      const byId = new Map(managers.map((m) => [m.userId, m]));
      const optOuts = await repos.nudgeSettings.allOptOuts();
      const cursors = await repos.nudgeSettings.cursors();
      const oneOnOnes = await repos.oneOnOnes.allByManager();
      const cache = new Map<string, number>();
      const planned: Planned[] = [];
      const looked: string[] = [];
      const oldest = now.getTime() - MAX_LOOKBACK_MS;

      for (const manager of managers) {
        if (manager.unreachableReason) continue;
        // Only those who chose coaching are planned, from the moment they (last) started it; and while
        // Slack gave no usable zone nothing is sent until one is confirmed, rather than at UTC hours.
        if (!manager.coachingStartedAt || !manager.timeZoneConfirmed) continue;
        const enrolled = Date.parse(manager.coachingStartedAt);
        const cursor = cursors.get(manager.userId);
        // A manager the job has never looked at starts a day back (or at enrolment), not a week of "missed" noise.
        const start = cursor ? Date.parse(cursor) : Math.max(enrolled, now.getTime() - DAY_MS);
        const from = new Date(Math.max(start, enrolled, oldest));
        looked.push(manager.userId);
        const profile = profileFor(manager, oneOnOnes.get(manager.userId) ?? []);
        const prefs = preferencesFor(manager, optOuts.get(manager.userId) ?? new Set());
        for (const occ of occurrencesBetween(profile, from, now, cache)) {
          if (suppression(prefs, occ)) {
            report.suppressed++;
            continue;
          }
          if (lateDecision(profile, occ, now) === 'missed') {
            if (await repos.deliveries.recordFinal({ key: occ.key, userId: occ.userId, kind: occ.nudgeId, dueAt: occ.dueAt, status: 'missed', reason: 'lead-coach was not running at the time; too late to send today' })) {
              report.missed++;
              lines.push(`missed ${describe(occ)}: recorded, not sent`);
            }
            continue;
          }
          const stored = storeOccurrence(occ);
          planned.push({ occurrence: stored, outbound: await toOutbound(ctx, occ.key, stored, {}) });
        }
      }

      for (const snooze of await repos.nudgeSettings.dueSnoozes(now)) {
        const manager = byId.get(snooze.userId);
        const occurrence = parseOccurrence(snooze.occurrence);
        if (!manager || !occurrence) continue;
        const reason = snoozeBlocked(manager, optOuts.get(manager.userId), occurrence, now, new Date(snooze.dueAt));
        if (reason) {
          await repos.deliveries.recordFinal({ key: snooze.deliveryKey, userId: manager.userId, kind: snooze.nudgeId, dueAt: new Date(snooze.dueAt), status: reason === 'missed' ? 'missed' : 'skipped', reason });
          if (reason === 'missed') report.missed++;
          continue;
        }
        planned.push({ occurrence, outbound: await toOutbound(ctx, snooze.deliveryKey, occurrence, { snoozedFrom: snooze.originKey, dueAt: new Date(snooze.dueAt) }) });
      }

      const results = await delivery.deliver(planned.map((p) => p.outbound));
      results.forEach((r, i) => {
        const occ = planned[i]?.occurrence;
        tally(report, r, occ ? describe(occ) : r.key);
      });
      // After the nudges: a users.info that hangs must not hold anyone's nudge back. A manager whose zone
      // changed keeps the cursor, so the next tick looks at this window again in the new zone (keys stop doubles).
      const moved = await refreshTimeZones(now, ctx, lines);
      // Only after delivery: a crash before this line makes the next tick look at the same window again.
      await repos.nudgeSettings.advanceCursors(looked.filter((id) => !moved.has(id)), now);
      return report;
    },
  };
}

async function toOutbound(
  ctx: NudgeJobContext,
  key: string,
  occurrence: StoredOccurrence,
  opts: { snoozedFrom?: string; dueAt?: Date },
): Promise<Outbound> {
  const msg = await renderNudge(ctx, key, occurrence, opts.snoozedFrom ? { snoozed: true } : {});
  const context: NudgeContext = { occurrence, ...(opts.snoozedFrom ? { snoozedFrom: opts.snoozedFrom } : {}) };
  return {
    key,
    kind: occurrence.nudgeId,
    userId: occurrence.userId,
    channel: occurrence.userId,
    text: msg.text,
    blocks: msg.blocks,
    dueAt: opts.dueAt ?? new Date(occurrence.dueAt),
    context,
  };
}

/** Why a snoozed nudge does not come back now, if it does not: the same rules as a first send. */
function snoozeBlocked(
  manager: Manager,
  optOuts: ReadonlySet<NudgeId> | undefined,
  occurrence: StoredOccurrence,
  now: Date,
  dueAt: Date,
): string | undefined {
  const why = suppression(preferencesFor(manager, optOuts ?? new Set()), {
    nudgeId: occurrence.nudgeId,
    localDate: localMoment(now, manager.timeZone).date,
  });
  if (why) return suppressionReason(why, occurrence.nudgeId);
  return stillSendable(manager, dueAt, now) ? undefined : 'missed';
}

function suppressionReason(why: Suppression, nudgeId: NudgeId): string {
  switch (why) {
    case 'unreachable':
      return 'unreachable';
    case 'nudges-off':
      return 'nudges turned off';
    case 'paused':
      return 'paused';
    case 'opted-out':
      return `${nudgeById(nudgeId).title} turned off`;
  }
}

function parseOccurrence(raw: string): StoredOccurrence | undefined {
  try {
    const o = JSON.parse(raw) as StoredOccurrence;
    return typeof o.key === 'string' && typeof o.nudgeId === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

function tally(report: NudgeJobReport, r: DeliveryResult, what: string): void {
  if (r.status === 'sent') {
    report.sent++;
    report.lines.push(`sent ${what} ts=${r.ts ?? '?'}`);
  } else if (r.status === 'failed') {
    report.failed++;
    report.lines.push(`failed ${what}: ${r.error ?? 'unknown error'}${r.permanent ? ' (permanent: no more nudges to this person)' : ''}`);
  } else {
    report.duplicates++;
  }
}
