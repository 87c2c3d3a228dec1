import { randomUUID } from 'node:crypto';

import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';

import type { Clock } from '../clock';
import { DEFAULT_SLACK_TIMEOUT_MS, type Config } from '../config';
import type { DeliveryRepository } from './repository';
import { errorMessage } from '../errorMessage';
import type { HealthMonitor } from '../http/healthMonitor';
import type { Logger } from '../logger';
import type { Delivery } from './entities';
import { webClientOptions } from '../slack/client';
import { webApi } from '../slack/webApi';
import { webApiFailure } from '../slack/errors';
import { isSlackUserId } from '../slack/ids';
import { z } from '../zod';

/** One message to deliver exactly once. `key` identifies the occurrence across processes and restarts. */
export interface Outbound {
  key: string;
  kind: string;
  /** The manager it is for (DMs); undefined for channel posts. */
  userId?: string;
  /** A user id (DM) or channel id. */
  channel: string;
  text: string;
  blocks?: KnownBlock[];
  dueAt: Date;
  /** Stored with the delivery (JSON) for listeners that act on the message's buttons later. */
  context?: unknown;
}

export interface DeliveryResult {
  key: string;
  /** `duplicate`: the key was already claimed or recorded by an earlier run or another process; nothing sent. */
  status: 'sent' | 'failed' | 'duplicate';
  ts?: string;
  channel?: string;
  error?: string;
  /** True when Slack said the recipient can never be reached (the manager is then marked unreachable). */
  permanent?: boolean;
  /** A passing failure (timeouts, 5xx, resets, 429s): a later run sends it again from this instant on. */
  retryAt?: Date;
  /**
   * Found already in the DM, so recorded and not sent again: an earlier try had reached Slack (a sender
   * that crashed before recording it, or a call whose answer never came back).
   */
  recovered?: boolean;
}

export interface DeliveryOptions {
  /** Messages in flight at once, not counting those waiting to be retried. */
  concurrency?: number;
  /** Attempts for 5xx and network errors before recording `failed`. */
  maxAttempts?: number;
  /** First backoff for 5xx/network retries; doubles each time (with jitter), capped at 8 s. */
  backoffMs?: number;
  /** How many 429 answers one message may get before it is recorded as failed. */
  maxRateLimitWaits?: number;
  /** A claim untouched this long (by the injected clock) belongs to a crashed sender and is taken over. */
  staleClaimMs?: number;
  /** How often a sender refreshes the claims it holds while it waits (Retry-After, backoff). */
  heartbeatMs?: number;
  /** After a passing failure, how long until a later run may send the message again. */
  retryFailedAfterMs?: number;
  /** A message due longer ago than this is not tried again after a passing failure. */
  retryForMs?: number;
  /**
   * How long into a `deliver` call a failed send may still be retried within it; later, it is
   * handed to the next run (`retry_at`) instead, so a batch with hung calls still ends inside the
   * job's deadline and does not make the scheduler skip the next minute.
   */
  retryWithinMs?: number;
  /** Waiting, injectable for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Monotonic milliseconds for rate-limit pauses; defaults to performance.now. */
  monotonicNow?: () => number;
}

/** Errors after which a DM or post can never succeed: recorded, and the manager gets no further nudges. */
export const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  'user_not_found',
  'account_inactive',
  'messages_tab_disabled',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_disabled',
  'cannot_dm_bot',
]);

/**
 * Slack answers that mean the message we built is wrong (a bug of ours): sending it again cannot help.
 * Such a delivery is recorded as failed with `last_error` starting with REFUSED_PREFIX, logged at
 * error level, and counted by /healthz as `deliveryErrors`.
 */
export const OUR_MESSAGE_ERRORS: ReadonlySet<string> = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_arguments',
  'invalid_attachments',
  'too_many_attachments',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
]);

/**
 * A failure after which Slack may nevertheless have posted the message: the request went out and no
 * answer came back (a timeout, a reset). Before sending again, the DM is looked into.
 */
function mayHaveLanded(reason: string | null | undefined): boolean {
  return reason?.startsWith('network_error') ?? false;
}

function isTimeout(reason: string): boolean {
  return /timeout|timed out|aborted/i.test(reason);
}

/** `last_error` of a delivery Slack refused because of how we built the message. */
export const REFUSED_PREFIX = 'refused: ';

/** Slack answers that mean "try again later" rather than "this message is wrong". */
const TRANSIENT_PLATFORM_ERRORS: ReadonlySet<string> = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * The message metadata type every delivered message carries, with its occurrence key as the
 * payload: a sender that takes over a crashed sender's claim looks for it in the DM before sending
 * again, so a message that reached Slack just before the crash is recorded, not sent twice.
 */
export const DELIVERY_METADATA_TYPE = 'lead_coach_delivery';

/** How far before a message's due time the look into the DM reaches (clocks of several hosts may differ a little). */
const HISTORY_SLACK_MS = 5 * 60_000;
/** Pages of DM history read at most when looking for a crashed sender's message (100 messages each). */
const HISTORY_MAX_PAGES = 5;

/** The part of a conversations.history answer the takeover reads. */
const historyPage = z.object({
  messages: z
    .array(
      z.object({
        ts: z.string().optional(),
        metadata: z.object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() }).optional(),
      }),
    )
    .default([]),
  has_more: z.boolean().optional(),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

export const DELIVERY_DEFAULTS = {
  concurrency: 16,
  maxAttempts: 4,
  backoffMs: 500,
  maxRateLimitWaits: 30,
  staleClaimMs: 2 * 60_000,
  heartbeatMs: 30_000,
  retryFailedAfterMs: 60_000,
  retryForMs: 2 * 60 * 60_000,
  retryWithinMs: 40_000,
} as const;

/**
 * The Web API client for scheduled delivery: no built-in retries and 429s rejected, so the
 * delivery service decides when to retry, and a rate limit pauses only further sends.
 */
export function createDeliveryClient(
  config: Pick<Config, 'slackBotToken' | 'slackApiUrl'> & Partial<Pick<Config, 'slackTimeoutMs'>>,
  logger: Logger,
): WebClient {
  const slackTimeoutMs = config.slackTimeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS;
  const { WebClient } = webApi();
  return new WebClient(config.slackBotToken, {
    ...webClientOptions({ slackApiUrl: config.slackApiUrl, slackTimeoutMs }, logger, 'web-api-delivery'),
    // The delivery service retries and paces by itself, so the client must hand every failure back.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
}

type Outcome =
  | { kind: 'ratelimited'; retryAfterSeconds: number }
  | { kind: 'retryable'; reason: string }
  | { kind: 'permanent'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'fatal'; reason: string };

/** Sorts a Web API failure into what the delivery service does next. */
export function classifySlackError(err: unknown): Outcome {
  const e = webApiFailure(err);
  const { ErrorCode } = webApi();
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return { kind: 'ratelimited', retryAfterSeconds: Math.max(0, e.retryAfter ?? 1) };
    case ErrorCode.HTTPError:
      return (e.statusCode ?? 0) >= 500
        ? { kind: 'retryable', reason: `http_${e.statusCode}` }
        : { kind: 'fatal', reason: `http_${e.statusCode}` };
    case ErrorCode.RequestError:
      return { kind: 'retryable', reason: `network_error: ${e.original?.message ?? e.message ?? 'request failed'}` };
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'ratelimited') return { kind: 'ratelimited', retryAfterSeconds: 1 };
      if (PERMANENT_ERRORS.has(code)) return { kind: 'permanent', reason: code };
      if (OUR_MESSAGE_ERRORS.has(code)) return { kind: 'refused', reason: code };
      if (TRANSIENT_PLATFORM_ERRORS.has(code)) return { kind: 'retryable', reason: code };
      return { kind: 'fatal', reason: code };
    }
    default:
      return { kind: 'retryable', reason: `error: ${errorMessage(err)}` };
  }
}

/**
 * Shared by every send of a batch. After a 429, no new send starts until Retry-After has passed
 * (sends already in flight go on), and from then on sends are paced a little below the rate Slack
 * accepted in the second before the 429, so the batch runs near the limit instead of bouncing off it.
 * A 429 for a request that started before the current pause is the same overload, not a new one.
 */
class RateGate {
  private openAt = 0;
  private pausedSince = Number.NEGATIVE_INFINITY;
  private intervalMs = 0;
  private nextSlot = 0;
  private bestAcceptedPerSecond = 0;
  private readonly recentSuccesses: number[] = [];

  constructor(
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Resolves when this send may start; returns its start time for `limited`. */
  async wait(): Promise<number> {
    for (;;) {
      const now = this.now();
      if (this.openAt > now) {
        await this.sleep(this.openAt - now);
        continue;
      }
      if (this.intervalMs > 0) {
        const slot = Math.max(now, this.nextSlot);
        this.nextSlot = slot + this.intervalMs;
        if (slot > now) {
          await this.sleep(slot - now);
          if (this.openAt > this.now()) continue;
        }
      }
      return this.now();
    }
  }

  succeeded(): void {
    const now = this.now();
    this.recentSuccesses.push(now);
    while ((this.recentSuccesses[0] ?? now) <= now - 1000) this.recentSuccesses.shift();
  }

  limited(retryAfterSeconds: number, requestStartedAt: number): void {
    if (requestStartedAt < this.pausedSince) return;
    const now = this.now();
    while ((this.recentSuccesses[0] ?? now) <= now - 1000) this.recentSuccesses.shift();
    // The most Slack ever accepted in a second is the best estimate of its limit; a slow second says nothing.
    this.bestAcceptedPerSecond = Math.max(this.bestAcceptedPerSecond, this.recentSuccesses.length);
    if (this.bestAcceptedPerSecond > 0) this.intervalMs = 1000 / (this.bestAcceptedPerSecond * 0.95);
    this.pausedSince = now;
    this.openAt = Math.max(this.openAt, now + retryAfterSeconds * 1000);
  }
}

export interface DeliveryDeps {
  client: WebClient;
  repos: {
    deliveries: DeliveryRepository;
    /** A permanent failure (the person left, turned the app off) stops further messages to them. */
    managers: { markUnreachable(userId: string, reason: string, at: Date): Promise<unknown> };
  };
  logger: Logger;
  clock: Clock;
  /** Told about every send's outcome, so /healthz can say when Slack keeps failing. */
  health?: Pick<HealthMonitor, 'slackCallSucceeded' | 'slackCallFailed'>;
}

export interface DeliveryService {
  /** Delivers each message whose key nobody has claimed yet; one failure never stops the others. */
  deliver(batch: readonly Outbound[]): Promise<DeliveryResult[]>;
  /** Re-sends messages a crashed sender claimed but never recorded (from the stored payload). */
  resendStale(): Promise<DeliveryResult[]>;
  /** Re-sends messages that failed for a passing reason once their `retry_at` has come (from the stored payload). */
  resendFailed(): Promise<DeliveryResult[]>;
}

/**
 * Exactly-once delivery on top of the `deliveries` table. Each key is claimed with an atomic
 * INSERT before chat.postMessage, so overlapping ticks, re-runs and a second process never send it
 * twice; a claim left behind by a crash is taken over (compare-and-set on the claim token) and
 * re-sent, so nothing is lost. Two windows could still send a DM twice: a crash after Slack accepted
 * it and before `sent` was recorded, and a call that timed out or lost its connection after Slack
 * had accepted it. So each message carries its key as metadata, and before sending again after
 * either, the sender looks for it in the DM (postedBefore). Channel posts are not looked for: in
 * those windows a channel post can still go out twice.
 */
export function createDeliveryService(deps: DeliveryDeps, options: DeliveryOptions = {}): DeliveryService {
  const concurrency = Math.max(1, options.concurrency ?? DELIVERY_DEFAULTS.concurrency);
  const maxAttempts = Math.max(1, options.maxAttempts ?? DELIVERY_DEFAULTS.maxAttempts);
  const backoffMs = options.backoffMs ?? DELIVERY_DEFAULTS.backoffMs;
  const maxRateLimitWaits = options.maxRateLimitWaits ?? DELIVERY_DEFAULTS.maxRateLimitWaits;
  const staleClaimMs = options.staleClaimMs ?? DELIVERY_DEFAULTS.staleClaimMs;
  const heartbeatMs = Math.max(1, options.heartbeatMs ?? DELIVERY_DEFAULTS.heartbeatMs);
  const retryFailedAfterMs = options.retryFailedAfterMs ?? DELIVERY_DEFAULTS.retryFailedAfterMs;
  const retryForMs = options.retryForMs ?? DELIVERY_DEFAULTS.retryForMs;
  const retryWithinMs = options.retryWithinMs ?? DELIVERY_DEFAULTS.retryWithinMs;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  // The client is read at each send, not here: a caller may build it on first use (see nudges/job.ts).
  const { repos, clock, health } = deps;
  const logger = deps.logger.child({ component: 'delivery' });
  /** Claims this service holds right now, by key: what the heartbeat keeps alive. */
  const held = new Map<string, string>();
  let lastBeat = clock.now().getTime();

  async function keepClaimsAlive(): Promise<void> {
    const now = clock.now();
    if (now.getTime() - lastBeat < heartbeatMs || held.size === 0) return;
    lastBeat = now.getTime();
    await repos.deliveries.heartbeat([...held].map(([key, token]) => ({ key, token })), now);
  }

  /** Waits like `sleep`, but in slices of at most heartbeatMs, refreshing the held claims after each. */
  async function pause(ms: number): Promise<void> {
    let left = ms;
    while (left > 0) {
      const slice = Math.min(left, heartbeatMs);
      await sleep(slice);
      left -= slice;
      await keepClaimsAlive();
    }
  }
  const gate = new RateGate(monotonicNow, pause);

  /** How a claim was won: a new one, a crashed sender's (its message may have reached Slack), or a passing failure's. */
  type Claim = 'new' | 'taken-over' | 'retaken';

  async function claim(o: Outbound, token: string): Promise<Claim | undefined> {
    const at = clock.now();
    const payload = JSON.stringify({ channel: o.channel, text: o.text, blocks: o.blocks ?? null });
    const claimed = await repos.deliveries.claim({
      key: o.key,
      userId: o.userId ?? null,
      kind: o.kind,
      dueAt: o.dueAt,
      channel: o.channel,
      payload,
      context: o.context === undefined ? null : JSON.stringify(o.context),
      token,
      at,
    });
    if (claimed) return 'new';
    if (await repos.deliveries.takeOverStale(o.key, token, at, new Date(at.getTime() - staleClaimMs))) return 'taken-over';
    if (await repos.deliveries.retakeFailed(o.key, token, at)) return 'retaken';
    return undefined;
  }

  /**
   * The message an earlier try posted for this delivery, if it reached Slack: looked up by its
   * metadata in the person's DM since shortly before it was due. Only DMs are looked into (the app
   * may read its DMs, not the channels it posts to). Undefined when it is not there or the look failed:
   * then it is sent (again), so nothing is lost.
   */
  async function postedBefore(o: Outbound): Promise<{ ts: string; channel: string } | undefined> {
    // A DM is addressed to its person's user id (a manager's, or an admin's who is not one).
    const person = o.userId ?? (isSlackUserId(o.channel) ? o.channel : undefined);
    if (!person) return undefined;
    try {
      const opened = await deps.client.conversations.open({ users: person });
      const channel = opened.channel?.id;
      if (!channel) return undefined;
      const oldest = ((o.dueAt.getTime() - HISTORY_SLACK_MS) / 1000).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
        const answer = historyPage.parse(
          await deps.client.conversations.history({ channel, oldest, limit: 100, include_all_metadata: true, ...(cursor ? { cursor } : {}) }),
        );
        const found = answer.messages.find((m) => m.metadata?.event_type === DELIVERY_METADATA_TYPE && m.metadata.event_payload?.key === o.key);
        if (found?.ts) return { ts: found.ts, channel };
        cursor = answer.response_metadata?.next_cursor;
        if (!answer.has_more || !cursor) return undefined;
      }
    } catch (err) {
      logger.warn({ key: o.key, reason: errorMessage(err) }, 'could not look in the DM for an earlier try of this message; sending it');
    }
    return undefined;
  }

  /**
   * `detach` is called before the first retry wait: the batch goes on with another worker meanwhile.
   * `handBackAt` (monotonic ms): a retry that would wait past it is left to the next run.
   */
  async function sendOne(o: Outbound, unreachable: Map<string, string>, detach: () => void, handBackAt: number): Promise<DeliveryResult> {
    const token = randomUUID();
    const won = await claim(o, token);
    if (!won) return { key: o.key, status: 'duplicate' };
    held.set(o.key, token);
    try {
      // A crashed sender's claim, or a retry of a failure after which Slack may have had the message.
      const lookFirst = won === 'taken-over' || (won === 'retaken' && mayHaveLanded((await repos.deliveries.get(o.key))?.lastError));
      return await sendClaimed(o, token, unreachable, detach, lookFirst, handBackAt);
    } finally {
      held.delete(o.key);
    }
  }

  async function sendClaimed(
    o: Outbound,
    token: string,
    unreachable: Map<string, string>,
    detach: () => void,
    lookFirst: boolean,
    handBackAt: number,
  ): Promise<DeliveryResult> {
    const known = o.userId ? unreachable.get(o.userId) : undefined;
    if (known) {
      await repos.deliveries.markFailed(o.key, token, known);
      return { key: o.key, status: 'failed', error: known, permanent: true };
    }
    let attempts = 0;
    let rateLimitWaits = 0;
    let look = lookFirst;
    for (;;) {
      if (look) {
        look = false;
        const landed = await postedBefore(o);
        if (landed) {
          await repos.deliveries.markSent(o.key, token, { ts: landed.ts, channel: landed.channel, at: clock.now() });
          logger.info({ key: o.key }, 'an earlier try had delivered this message; recorded, not sent again');
          return { key: o.key, status: 'sent', ts: landed.ts, channel: landed.channel, recovered: true };
        }
      }
      const startedAt = await gate.wait();
      await repos.deliveries.recordAttempt(o.key, token, clock.now());
      try {
        const res = await deps.client.chat.postMessage({
          channel: o.channel,
          text: o.text,
          ...(o.blocks ? { blocks: o.blocks } : {}),
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: DELIVERY_METADATA_TYPE, event_payload: { key: o.key } },
        });
        gate.succeeded();
        health?.slackCallSucceeded();
        const channel = typeof res.channel === 'string' ? res.channel : o.channel;
        await repos.deliveries.markSent(o.key, token, { ts: res.ts, channel, at: clock.now() });
        return { key: o.key, status: 'sent', ts: res.ts, channel };
      } catch (err) {
        const outcome = classifySlackError(err);
        if (outcome.kind === 'ratelimited') {
          gate.limited(outcome.retryAfterSeconds, startedAt);
          if (++rateLimitWaits <= maxRateLimitWaits) continue;
          return failForNow(o, token, `ratelimited: gave up after ${maxRateLimitWaits} Retry-After waits`);
        }
        if (outcome.kind === 'retryable') {
          health?.slackCallFailed(outcome.reason);
          attempts++;
          if (attempts < maxAttempts) {
            await repos.deliveries.noteError(o.key, token, outcome.reason);
            // A network error on the first try is most often a keep-alive socket the server closed while we
            // were paused: retry that at once; from then on back off (doubling, with jitter). A timeout is
            // Slack being slow: wait before looking whether it took the message after all.
            const timedOut = isTimeout(outcome.reason);
            const network = outcome.reason.startsWith('network_error') && !timedOut;
            const immediate = attempts === 1 && network;
            const delay = immediate ? 0 : Math.min(8000, backoffMs * 2 ** (attempts - (network ? 2 : 1))) * (0.75 + Math.random() * 0.5);
            if (monotonicNow() + delay > handBackAt) return failForNow(o, token, `${outcome.reason} (after ${attempts} attempts; the run is near its end)`);
            look = mayHaveLanded(outcome.reason);
            logger.warn({ key: o.key, reason: outcome.reason, attempt: attempts, retryInMs: Math.round(delay) }, 'send failed; retrying');
            detach();
            await pause(delay);
            continue;
          }
          return failForNow(o, token, `${outcome.reason} (after ${attempts} attempts)`);
        }
        if (outcome.kind === 'permanent') {
          if (o.userId) {
            unreachable.set(o.userId, outcome.reason);
            await repos.managers.markUnreachable(o.userId, outcome.reason, clock.now());
          }
          return fail(o, token, outcome.reason, true);
        }
        if (outcome.kind === 'refused') {
          const reason = `${REFUSED_PREFIX}${outcome.reason}`;
          await repos.deliveries.markFailed(o.key, token, reason);
          logger.error({ key: o.key, kind: o.kind, userId: o.userId, slackError: outcome.reason }, 'Slack refused a message we built (a bug of ours); not retried');
          return { key: o.key, status: 'failed', error: reason, permanent: false };
        }
        return fail(o, token, outcome.reason, false);
      }
    }
  }

  /** A passing failure: recorded with a `retry_at` so a later run sends it again, unless it is too old by then. */
  async function failForNow(o: Outbound, token: string, reason: string): Promise<DeliveryResult> {
    const now = clock.now();
    const retryAt = new Date(now.getTime() + retryFailedAfterMs);
    if (retryAt.getTime() - o.dueAt.getTime() > retryForMs) return fail(o, token, reason, false);
    await repos.deliveries.markFailed(o.key, token, reason, retryAt);
    logger.warn({ key: o.key, userId: o.userId, channel: o.channel, reason, retryAt: retryAt.toISOString() }, 'delivery failed for now; a later run tries again');
    return { key: o.key, status: 'failed', error: reason, permanent: false, retryAt };
  }

  async function fail(o: Outbound, token: string, reason: string, permanent: boolean): Promise<DeliveryResult> {
    await repos.deliveries.markFailed(o.key, token, reason);
    logger.warn({ key: o.key, userId: o.userId, channel: o.channel, reason, permanent }, 'delivery failed');
    return { key: o.key, status: 'failed', error: reason, permanent };
  }

  async function deliver(batch: readonly Outbound[]): Promise<DeliveryResult[]> {
    const results = new Array<DeliveryResult>(batch.length);
    const unreachable = new Map<string, string>();
    const handBackAt = monotonicNow() + retryWithinMs;
    let next = 0;
    const workers: Promise<void>[] = [];
    // A message that has to be retried (a timeout, a 5xx, a reset) leaves its worker's place to a new
    // worker and finishes on its own, so one manager's failing calls never hold the others' messages back.
    const worker = async (): Promise<void> => {
      for (let i = next++; i < batch.length; i = next++) {
        const o = batch[i];
        if (!o) continue;
        let detached = false;
        const detach = (): void => {
          if (detached) return;
          detached = true;
          workers.push(worker());
        };
        try {
          results[i] = await sendOne(o, unreachable, detach, handBackAt);
        } catch (err) {
          // A database or programming error for one message must not stop the rest of the batch.
          logger.error({ err, key: o.key }, 'delivery crashed for one message');
          results[i] = { key: o.key, status: 'failed', error: errorMessage(err) };
        }
        if (detached) return;
      }
    };
    // A call held open (up to the client's timeout) does not pause; this keeps its claim alive meanwhile.
    const beating = setInterval(() => {
      keepClaimsAlive().catch((err: unknown) => logger.warn({ err }, 'could not refresh the claims in flight'));
    }, heartbeatMs);
    beating.unref();
    try {
      for (let w = 0; w < Math.min(concurrency, batch.length); w++) workers.push(worker());
      while (workers.length) await Promise.all(workers.splice(0));
    } finally {
      clearInterval(beating);
    }
    return results;
  }

  /** Rebuilds the messages of stored deliveries from their payloads and sends them (keys are re-claimed). */
  function fromStored(stored: readonly Delivery[]): Outbound[] {
    const batch: Outbound[] = [];
    for (const d of stored) {
      const p = parsePayload(d.payload);
      if (!p) continue;
      batch.push({
        key: d.key,
        kind: d.kind,
        ...(d.userId ? { userId: d.userId } : {}),
        channel: p.channel,
        text: p.text,
        ...(p.blocks ? { blocks: p.blocks } : {}),
        dueAt: new Date(d.dueAt),
      });
    }
    return batch;
  }

  return {
    deliver,
    async resendStale() {
      const before = new Date(clock.now().getTime() - staleClaimMs);
      const stale = await repos.deliveries.staleClaims(before);
      if (stale.length === 0) return [];
      logger.warn({ count: stale.length }, 're-sending messages claimed by a sender that stopped');
      return deliver(fromStored(stale));
    },
    async resendFailed() {
      const due = await repos.deliveries.retryableFailures(clock.now());
      if (due.length === 0) return [];
      logger.info({ count: due.length }, 'trying again messages that failed for a passing reason');
      return deliver(fromStored(due));
    },
  };
}

function parsePayload(raw: string | null): { channel: string; text: string; blocks: KnownBlock[] | null } | undefined {
  if (!raw) return undefined;
  try {
    const p = JSON.parse(raw) as { channel?: unknown; text?: unknown; blocks?: unknown };
    if (typeof p.channel !== 'string' || typeof p.text !== 'string') return undefined;
    return { channel: p.channel, text: p.text, blocks: Array.isArray(p.blocks) ? (p.blocks as KnownBlock[]) : null };
  } catch {
    return undefined;
  }
}
