import crypto from 'node:crypto';

import type { WebClient } from '@slack/web-api';

import { storeOccurrence, type StoredOccurrence } from './blocks';
import type { Manager } from '../enrolment';
import { nudgeById, NUDGES, type NudgeId } from './catalog';
import { lateDecision, nextWorkingDayStart, nextWorkingMoment, occurrencesBetween, stillSendable, suppression, type Occurrence, type Suppression } from './rules/schedule';
import { createAwayChecker, type AwayChecker } from './away';
import { localMoment, mondayOf } from '../../core/dates/localDate';
import { fetchSlackProfile } from '../enrolment';
import { backsOff, keptWhenLessOften, lessOftenText, preferencesFor, profileFor, renderNudges, ruleFor } from './service';
import type { CadenceState, Snooze } from './entities';
import type { NudgeOverride } from './catalog';
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
  /** Held back while the manager is away (Slack status or paused notifications). */
  deferred: number;
}

export interface NudgeContext {
  /** The first (or only) nudge of the DM. */
  occurrence: StoredOccurrence;
  /** Every nudge of a DM that merged several due at the same minute. */
  occurrences?: StoredOccurrence[];
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
  occurrences: StoredOccurrence[];
  /** Nudges of this DM that ask keep / less often / stop. */
  asking: NudgeId[];
  /** The held nudges (nudge_snoozes keys) this DM delivers, when they are not its own key. */
  heldKeys?: string[];
  /** The held nudge this DM comes from, when it is held again: closed so it never comes twice. */
  fromHeld?: string[];
}

/** One DM for the nudges held for someone until the same moment, with a key that stays the same if a run repeats. */
function heldGroupKey(userId: string, dueAt: string, snoozeKeys: readonly string[]): string {
  const digest = crypto.createHash('sha256').update([...snoozeKeys].sort().join('\n')).digest('hex').slice(0, 16);
  return `away:group:${userId}:${dueAt}:${digest}`;
}

const NO_OVERRIDES: ReadonlyMap<NudgeId, NudgeOverride> = new Map();

/**
 * Why an occurrence that passed the manager's settings is still not sent: the day is already
 * logged, the nudge was marked Done this week, or it comes less often after being ignored.
 * Moves a nudge ignored three times in a row to "less often" (and makes the next one ask).
 */
async function cadenceSkip(
  ctx: NudgeJobContext,
  occ: Occurrence,
  state: CadenceState | undefined,
  overrides: ReadonlyMap<NudgeId, NudgeOverride>,
): Promise<{ skip?: string; ask: boolean }> {
  if (occ.nudgeId === 'time-checkin') {
    const totals = await ctx.repos.timeEntries.totals(occ.userId, occ.localDate, occ.localDate);
    if (Object.values(totals).some((m) => m > 0)) return { skip: 'the day is already logged', ask: false };
  }
  // Calendar: the week already has focus / no-code blocks in the manager's linked calendar.
  if (occ.nudgeId === 'no-code-block' && (await ctx.calendar?.noCodeWeek(occ.userId, mondayOf(occ.localDate)))?.skip) {
    return { skip: 'the calendar already has no-code blocks this week', ask: false };
  }
  const rule = ruleFor(occ.nudgeId, overrides);
  if (!backsOff(rule)) return { ask: false };
  if (state?.doneWeek === mondayOf(occ.localDate)) return { skip: 'marked Done this week', ask: false };
  let current = state;
  if (current && current.lessOften === 'no' && current.ignoredInRow >= 3) {
    await ctx.repos.nudgeSettings.backOff(occ.userId, occ.nudgeId);
    current = { ...current, lessOften: 'backed-off', askPending: true };
  }
  if (current && current.lessOften !== 'no' && !keptWhenLessOften(rule, occ.localDate)) {
    return { skip: `comes ${lessOftenText(rule)} now`, ask: false };
  }
  return { ask: Boolean(current?.askPending) };
}

/** Occurrences due at the same minute go out as one DM, under a key made of theirs. */
function groupKey(group: readonly Occurrence[]): string {
  const first = group[0];
  if (!first || group.length === 1) return first?.key ?? '';
  return `nudges:${first.userId}:${first.dueAt.toISOString()}:${group.map((o) => o.nudgeId).join('+')}`;
}

/**
 * Nudges per DM at most: Slack refuses a message of more than 50 blocks and a nudge's section
 * takes up to 8 (test/foundation/every-surface.test.ts renders the largest such DM).
 */
export const MAX_NUDGES_PER_DM = 5;

function dmSizedParts<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_NUDGES_PER_DM) parts.push(items.slice(i, i + MAX_NUDGES_PER_DM));
  return parts;
}

/** Sections of a merged DM come in the catalog's order. */
function catalogOrder(o: { nudgeId: NudgeId }): number {
  return NUDGES.findIndex((n) => n.id === o.nudgeId);
}

function sameMinuteGroups(occurrences: readonly Occurrence[]): Occurrence[][] {
  const groups = new Map<number, Occurrence[]>();
  for (const o of occurrences) {
    const g = groups.get(o.dueAt.getTime()) ?? [];
    g.push(o);
    groups.set(o.dueAt.getTime(), g);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => catalogOrder(a) - catalogOrder(b)));
}

/**
 * One tick: re-sends what a crashed run left claimed, finds every occurrence due since the last
 * tick (per manager), applies opt-outs, pauses and the late-send rule, and delivers exactly once.
 */
export function nudgesJob(options: DeliveryOptions = {}, away: AwayChecker = createAwayChecker()): Job & { run(now: Date, ctx: NudgeJobContext): Promise<NudgeJobReport> } {
  return {
    name: 'nudges',
    schedule: '* * * * *',
    description: 'Sends the nudges due up to now, each exactly once, in every manager’s own time',
    async run(now: Date, ctx: NudgeJobContext): Promise<NudgeJobReport> {
      const lines: string[] = [];
      const report: NudgeJobReport = { lines, sent: 0, failed: 0, missed: 0, duplicates: 0, suppressed: 0, deferred: 0 };
      away.newTick();
      let client: WebClient | undefined;
      const delivery = createDeliveryService(
        {
          // Built at the first send: a tick with nothing due never loads the Web API client (core/slack/webApi.ts).
          get client(): WebClient {
            client ??= createDeliveryClient(ctx.config, ctx.logger);
            return client;
          },
          repos: ctx.repos,
          logger: ctx.logger,
          clock: ctx.clock,
          health: ctx.health,
        },
        options,
      );

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
      const overrides = await repos.nudgeSettings.allOverrides();
      const cadence = await repos.nudgeSettings.allCadence();
      const holidays = new Set((await repos.nudgeSettings.holidays()).map((h) => h.date));
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
        const own = overrides.get(manager.userId) ?? NO_OVERRIDES;
        const profile = profileFor(manager, oneOnOnes.get(manager.userId) ?? [], { overrides: own, holidays });
        const prefs = preferencesFor(manager, optOuts.get(manager.userId) ?? new Set());
        const ready: Occurrence[] = [];
        const asking: NudgeId[] = [];
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
          const { skip, ask } = await cadenceSkip(ctx, occ, cadence.get(manager.userId)?.get(occ.nudgeId), own);
          if (skip) {
            report.suppressed++;
            lines.push(`skipped ${describe(occ)}: ${skip}`);
            continue;
          }
          if (ask) asking.push(occ.nudgeId);
          ready.push(occ);
        }
        for (const group of sameMinuteGroups(ready)) {
          for (const [part, chunk] of dmSizedParts(group).entries()) {
            const stored = chunk.map(storeOccurrence);
            const asks = chunk.map((o) => o.nudgeId).filter((id) => asking.includes(id));
            const key = part === 0 ? groupKey(chunk) : `${groupKey(chunk)}:part${part + 1}`;
            planned.push({ occurrences: stored, asking: asks, outbound: await toOutbound(ctx, key, stored, { asking: asks }) });
          }
        }
      }

      // Nudges held while someone was away come back together: one DM per person and moment.
      const heldTogether = new Map<string, Array<{ snooze: Snooze; occurrence: StoredOccurrence }>>();
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
        const together = `${snooze.userId}|${snooze.dueAt}`;
        heldTogether.set(together, [...(heldTogether.get(together) ?? []), { snooze, occurrence }]);
      }
      for (const members of heldTogether.values()) {
        const [first] = members;
        if (!first) continue;
        const dueAt = new Date(first.snooze.dueAt);
        const snoozedFrom = first.snooze.originKey;
        const heldKeys = members.map((m) => m.snooze.deliveryKey);
        if (members.length === 1) {
          const outbound = await toOutbound(ctx, first.snooze.deliveryKey, [first.occurrence], { snoozedFrom, dueAt });
          planned.push({ occurrences: [first.occurrence], asking: [], outbound, fromHeld: heldKeys });
          continue;
        }
        const sorted = [...members].sort((a, b) => catalogOrder(a.occurrence) - catalogOrder(b.occurrence) || a.snooze.deliveryKey.localeCompare(b.snooze.deliveryKey));
        for (const chunk of dmSizedParts(sorted)) {
          const occurrences = chunk.map((m) => m.occurrence);
          const keys = chunk.map((m) => m.snooze.deliveryKey);
          const key = heldGroupKey(first.snooze.userId, first.snooze.dueAt, keys);
          planned.push({ occurrences, asking: [], outbound: await toOutbound(ctx, key, occurrences, { snoozedFrom, dueAt }), heldKeys: keys, fromHeld: keys });
        }
      }

      const sendable: Planned[] = [];
      for (const p of planned) {
        const manager = p.occurrences[0] ? byId.get(p.occurrences[0].userId) : undefined;
        const status = manager ? await away.check(ctx.client, manager.userId, now, ctx.logger) : undefined;
        if (!manager || !status?.away) {
          sendable.push(p);
          continue;
        }
        // Away: each nudge waits for the manager's next working moment after the status or pause ends.
        const profile = profileFor(manager, [], { holidays });
        const back = nextWorkingMoment(profile, status.until ?? nextWorkingDayStart(profile, localMoment(now, manager.timeZone).date));
        // What was already held is closed, or it would come back at its old moment as well as the new one.
        for (const key of p.fromHeld ?? []) {
          const first = p.occurrences[0];
          if (first) await repos.deliveries.recordFinal({ key, userId: first.userId, kind: first.nudgeId, dueAt: new Date(first.dueAt), status: 'skipped', reason: `held again until ${back.toISOString()}` });
        }
        for (const o of p.occurrences) {
          await repos.nudgeSettings.addSnooze({
            deliveryKey: `away:${o.key}@${back.toISOString().slice(0, 16)}`,
            originKey: o.key,
            userId: o.userId,
            nudgeId: o.nudgeId,
            dueAt: back,
            occurrence: JSON.stringify(o),
            createdAt: now,
          });
          report.deferred++;
          lines.push(`deferred ${describe(o)} until ${back.toISOString()}: ${status.why ?? 'away'}`);
        }
      }
      planned.length = 0;
      planned.push(...sendable);

      const results = await delivery.deliver(planned.map((p) => p.outbound));
      for (const [i, r] of results.entries()) {
        const p = planned[i];
        tally(report, r, p ? p.occurrences.map(describe).join(' + ') : r.key);
        const first = p?.occurrences[0];
        if (p?.heldKeys && first && (r.status === 'sent' || r.status === 'duplicate')) {
          for (const key of p.heldKeys) {
            await repos.deliveries.recordFinal({ key, userId: first.userId, kind: first.nudgeId, dueAt: new Date(first.dueAt), status: 'skipped', reason: `sent together as ${r.key}` });
          }
        }
        if (r.status !== 'sent' || !p || !first) continue;
        await repos.nudgeSettings.recordSent(first.userId, p.occurrences.map((o) => o.nudgeId));
        for (const id of p.asking) await repos.nudgeSettings.askShown(first.userId, id);
      }
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
  occurrences: StoredOccurrence[],
  opts: { snoozedFrom?: string; dueAt?: Date; asking?: readonly NudgeId[] },
): Promise<Outbound> {
  const [occurrence] = occurrences;
  if (!occurrence) throw new Error(`No occurrence for ${key}`);
  const msg = await renderNudges(ctx, key, occurrences, (o) => ({
    ...(opts.snoozedFrom ? (key.startsWith('away:') ? { heldWhileAway: true } : { snoozed: true }) : {}),
    ...(opts.asking?.includes(o.nudgeId) ? { askCadence: true } : {}),
  }));
  const context: NudgeContext = {
    occurrence,
    ...(occurrences.length > 1 ? { occurrences } : {}),
    ...(opts.snoozedFrom ? { snoozedFrom: opts.snoozedFrom } : {}),
  };
  return {
    key,
    kind: occurrences.map((o) => o.nudgeId).join('+'),
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
    report.lines.push(r.recovered ? `recorded ${r.key}: already in the DM from an earlier try, not sent again ts=${r.ts ?? '?'}` : `sent ${what} ts=${r.ts ?? '?'}`);
  } else if (r.status === 'failed') {
    report.failed++;
    report.lines.push(`failed ${what}: ${r.error ?? 'unknown error'}${r.permanent ? ' (permanent: no more nudges to this person)' : ''}`);
  } else {
    report.duplicates++;
  }
}
