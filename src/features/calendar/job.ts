import { createDeliveryClient, createDeliveryService, type DeliveryOptions, type Outbound } from '../../core/delivery/delivery';
import { formatLocal } from '../../core/dates/localDate';
import type { Job, JobContext, JobReport } from '../../core/jobs/job';
import type { Manager } from '../../core/manager';
import { failingFeedMessage, oneOnOneOfferMessage } from './blocks';
import { decryptSecret } from './crypto';
import type { CalendarDeps } from './deps';
import type { CalendarLink } from './entities';
import { parseFeedUrl } from './fetcher';
import { backoffMs, problemSentence, readCalendar, REFRESH_EVERY_MS, TELL_AFTER_FAILURES } from './service';

/** What a run uses: the scheduler's context and the calendar feature's own dependencies. */
export type CalendarJobContext = JobContext & CalendarDeps;

export const CALENDAR_REFRESH_JOB = 'calendar-refresh';

export interface CalendarJobOptions {
  /** Feeds read at once. */
  concurrency?: number;
  /** Links looked at per run at most (the rest are due on the next run). */
  batch?: number;
  delivery?: DeliveryOptions;
}

export interface CalendarJobReport extends JobReport {
  read: number;
  failed: number;
  told: number;
  offered: number;
}

export const calendarKeys = {
  failing: (userId: string, failingSince: string) => `calendar-failing:${userId}:${failingSince}`,
  oneOnOne: (userId: string, seriesUid: string) => `calendar-1on1:${userId}:${seriesUid}`,
};

/** Runs `work` over `items` with at most `concurrency` at a time. */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

/**
 * Reads every linked calendar that is due (hourly when it works). A failing feed is tried again
 * with backoff (15 min doubling to a day) and, after 3 failures in a row, its manager is told once
 * per run of failures (exactly-once delivery keyed by when the failures began). Recurring 1:1s
 * found for the first time are offered once; an accepted one that moved in the calendar moves its
 * registry entry (and so its prep nudge).
 */
export function calendarRefreshJob(options: CalendarJobOptions = {}): Job {
  const concurrency = options.concurrency ?? 8;
  const batch = options.batch ?? 2000;
  return {
    name: CALENDAR_REFRESH_JOB,
    schedule: '*/10 * * * *',
    description: 'Reads linked calendars (hourly each, backoff when failing), offers the 1:1s found',
    deadlineMs: 9 * 60_000,
    async run(now: Date, ctx: CalendarJobContext): Promise<CalendarJobReport> {
      const report: CalendarJobReport = { lines: [], read: 0, failed: 0, told: 0, offered: 0 };
      const key = ctx.config.secretKey;
      if (!key) return report;
      const due = await ctx.repos.calendars.due(now, batch);
      const outbound: Outbound[] = [];
      const offered: Array<{ userId: string; seriesUid: string; key: string }> = [];
      await inPool(due, concurrency, async (link) => {
        try {
          await refreshOne(ctx, link, key, now, report, outbound, offered);
        } catch (err) {
          ctx.logger.error({ err, userId: link.userId }, 'calendar refresh failed');
        }
      });
      if (outbound.length > 0) {
        const delivery = createDeliveryService(
          { client: createDeliveryClient(ctx.config, ctx.logger), repos: ctx.repos, logger: ctx.logger, clock: ctx.clock, health: ctx.health },
          options.delivery,
        );
        const results = await delivery.deliver(outbound);
        for (const r of results) {
          if (r.status !== 'sent') continue;
          report.lines.push(`sent ${r.key}`);
          if (r.key.startsWith('calendar-failing:')) report.told++;
          const offer = offered.find((o) => o.key === r.key);
          if (offer) {
            report.offered++;
            await ctx.repos.calendars.setFoundState(offer.userId, offer.seriesUid, ['found'], 'offered');
          }
        }
      }
      return report;
    },
  };
}

async function refreshOne(
  ctx: CalendarJobContext,
  link: CalendarLink,
  key: Buffer,
  now: Date,
  report: CalendarJobReport,
  outbound: Outbound[],
  offered: Array<{ userId: string; seriesUid: string; key: string }>,
): Promise<void> {
  const manager = await ctx.repos.managers.get(link.userId);
  if (!manager) return;
  const address = decryptSecret(key, link.userId, link.urlCipher);
  const url = address === undefined ? undefined : parseFeedUrl(address);
  const read = url ? await readCalendar(ctx, manager, url, now) : { ok: false as const, problem: problemSentence('key_changed') };
  if (!read.ok) {
    report.failed++;
    const failed = await ctx.repos.calendars.recordFailure(link.userId, now, read.problem.slice(0, 300), new Date(now.getTime() + backoffMs(link.failures + 1)));
    report.lines.push(`failed ${link.userId} (${failed?.failures ?? '?'} in a row)`);
    if (failed && failed.failures >= TELL_AFTER_FAILURES && failed.failingSince) {
      const message = failingFeedMessage(read.problem, formatLocal(new Date(failed.failingSince), manager.timeZone));
      outbound.push({ key: calendarKeys.failing(link.userId, failed.failingSince), kind: 'calendar-failing', userId: link.userId, channel: link.userId, dueAt: now, ...message });
    }
    return;
  }
  report.read++;
  await ctx.repos.calendars.recordRead(link.userId, now, new Date(now.getTime() + REFRESH_EVERY_MS), read.value.window, read.value.days);
  await ctx.repos.calendars.saveFound(link.userId, read.value.found, now);
  await followOneOnOnes(ctx, manager, now, outbound, offered);
}

/** Offers 1:1 series found for the first time; moves registry entries whose calendar series moved. */
async function followOneOnOnes(
  ctx: CalendarJobContext,
  manager: Manager,
  now: Date,
  outbound: Outbound[],
  offered: Array<{ userId: string; seriesUid: string; key: string }>,
): Promise<void> {
  const registry = await ctx.repos.oneOnOnes.list(manager.userId);
  for (const found of await ctx.repos.calendars.found(manager.userId)) {
    if (found.state === 'accepted' && found.reportUserId) {
      const entry = registry.find((o) => o.reportUserId === found.reportUserId);
      if (entry && (entry.weekday !== found.weekday || entry.time !== found.time || entry.cadence !== found.cadence)) {
        await ctx.repos.oneOnOnes.save({ ...entry, weekday: found.weekday, time: found.time, cadence: found.cadence, anchorDate: found.firstDate });
        ctx.logger.info({ oneOnOneId: entry.id }, '1:1 moved with its calendar series');
      }
      continue;
    }
    if (found.state !== 'found') continue;
    // Already registered at that time by hand: nothing to offer.
    const same = registry.find((o) => o.weekday === found.weekday && o.time === found.time);
    if (same) {
      await ctx.repos.calendars.acceptFound(manager.userId, found.seriesUid, same.reportUserId);
      continue;
    }
    const key = calendarKeys.oneOnOne(manager.userId, found.seriesUid);
    offered.push({ userId: manager.userId, seriesUid: found.seriesUid, key });
    outbound.push({ key, kind: 'calendar-1on1', userId: manager.userId, channel: manager.userId, dueAt: now, ...oneOnOneOfferMessage(found, manager.timeZone) });
  }
}
