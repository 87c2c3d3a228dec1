// @engines sqlite postgres
import { WebClient } from '@slack/web-api';

import { fixedClock } from '../../src/core/clock';
import { webClientOptions } from '../../src/core/slack/client';
import { createDeliveryClient, createDeliveryService, type Outbound } from '../../src/core/delivery/delivery';
import type { NudgeJobContext } from '../../src/features/nudges/job';
import { createLogger } from '../../src/core/logger';
import { nudgesJob, type NudgeJobReport } from '../../src/features/nudges/job';
import { fixedWorkspace } from '../../src/core/workspace';
import { TEST_TEAM_ID } from '../support/slackDouble';
import { createRepositories } from '../../src/repositories';
import { LogCapture } from '../support/harness';
import { startSlackDouble, type SlackDouble } from '../support/slackDouble';
import { deliveryRow, dmsTo, jobWorld, type JobWorld } from '../nudges/support';
import { openTestDatabase } from '../support/database';

/** Monday 09:00 in Berlin: every manager below is due the Monday nudge. */
const MONDAY_NINE = '2026-11-16T08:00:00Z';
const HEALTHY = Array.from({ length: 12 }, (_, i) => `U_OK${String(i).padStart(2, '0')}`);
const HUNG = 'U_HUNG';

describe('a Slack call that never answers holds back no one else', () => {
  let double: SlackDouble;
  let w: JobWorld;

  beforeAll(async () => {
    double = await startSlackDouble();
  });
  afterAll(async () => {
    await double.stop();
  });
  beforeEach(async () => {
    double.reset();
    w = await jobWorld(double);
    for (const id of [HUNG, ...HEALTHY]) await w.enrol(id, 'Europe/Berlin');
  });
  afterEach(() => w.close());

  /** One nudges tick at `at` with a short Slack timeout (the setting SLACK_TIMEOUT_MS gives) and two tries per message. */
  function tick(at: string, ctx: NudgeJobContext = w.ctx(at), slackTimeoutMs = 400): Promise<NudgeJobReport> {
    const job = nudgesJob({ backoffMs: 10, concurrency: 4, maxAttempts: 2 });
    return job.run(new Date(at), { ...ctx, config: { ...ctx.config, slackTimeoutMs } });
  }

  it('sends every other manager’s nudge on time while one DM hangs, and sends the held one on a later tick, once', async () => {
    double.fault('chat.postMessage', { kind: 'hang' }, { when: (p) => p.channel === HUNG });
    const first = await tick(MONDAY_NINE, w.ctx(MONDAY_NINE), 2000);

    for (const id of HEALTHY) expect(dmsTo(double, id)).toHaveLength(1);
    const heldCalls = double.callsTo('chat.postMessage').filter((c) => c.params.channel === HUNG && c.error === 'hung');
    expect(heldCalls).toHaveLength(2);
    // Every healthy DM went out while the held call's first try was still waiting for its answer.
    const lastHealthySend = Math.max(...double.succeeded('chat.postMessage').map((c) => c.at));
    expect(lastHealthySend).toBeLessThan((heldCalls[0]?.at ?? 0) + 2000);
    expect(dmsTo(double, HUNG)).toHaveLength(0);
    expect(first).toMatchObject({ sent: HEALTHY.length, failed: 1 });
    const held = await deliveryRow(w.sql, `nudge:no-code-block:${HUNG}:2026-11-16`);
    expect(held).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/^network_error: .*timeout \(after 2 attempts\)$/) as unknown });
    expect(held?.retry_at).toEqual(expect.any(String));

    // Slack answers again; the next tick tries the held nudge again and nobody gets a second one.
    double.reset();
    const second = await tick('2026-11-16T08:01:00Z');
    expect(second.sent).toBe(1);
    expect(dmsTo(double, HUNG)).toHaveLength(1);
    expect(double.succeeded('chat.postMessage')).toHaveLength(1);
    expect(await deliveryRow(w.sql, `nudge:no-code-block:${HUNG}:2026-11-16`)).toMatchObject({ status: 'sent', retry_at: null });

    const third = await tick('2026-11-16T08:02:00Z');
    expect(third.sent).toBe(0);
    expect(double.succeeded('chat.postMessage')).toHaveLength(1);
  });

  it('does not retry a held nudge before its retry time, nor one too old to be worth sending', async () => {
    double.fault('chat.postMessage', { kind: 'reset' }, { when: (p) => p.channel === HUNG });
    await tick(MONDAY_NINE);
    double.reset();
    // 30 s later is before retry_at (one minute after the failure): nothing is sent.
    expect((await tick('2026-11-16T08:00:30Z')).sent).toBe(0);
    expect(double.callsTo('chat.postMessage')).toHaveLength(0);

    double.fault('chat.postMessage', { kind: 'reset' });
    const ctx = w.ctx('2026-11-16T08:01:00Z');
    const delivery = createDeliveryService(
      { client: createDeliveryClient(ctx.config, ctx.logger), repos: ctx.repos, logger: ctx.logger, clock: fixedClock('2026-11-16T10:30:00Z') },
      { backoffMs: 10, maxAttempts: 2 },
    );
    const [again] = await delivery.resendFailed();
    expect(again).toMatchObject({ status: 'failed' });
    expect(again?.retryAt).toBeUndefined();
    expect(await deliveryRow(w.sql, `nudge:no-code-block:${HUNG}:2026-11-16`)).toMatchObject({ status: 'failed', retry_at: null });
  });

  it('a users.info that hangs during the weekly time-zone refresh does not delay the nudges', async () => {
    await w.repos.managers.refreshSlackTimeZone(HUNG, 'Europe/Berlin', new Date('2026-11-01T00:00:00Z'));
    double.addUser({ id: HUNG, tz: 'Europe/Berlin' });
    double.fault('users.info', { kind: 'hang' });
    const ctx = w.ctx(MONDAY_NINE);
    // The app's client: every call bounded by SLACK_TIMEOUT_MS and retried a bounded number of times.
    const client = new WebClient(ctx.config.slackBotToken, webClientOptions({ slackApiUrl: double.apiUrl, slackTimeoutMs: 400 }, ctx.logger));
    const report = await tick(MONDAY_NINE, { ...ctx, client });
    expect(report.sent).toBe(HEALTHY.length + 1);
    const lastDm = Math.max(...double.succeeded('chat.postMessage').map((c) => c.at));
    const firstLookup = Math.min(...double.callsTo('users.info').map((c) => c.at));
    expect(lastDm).toBeLessThanOrEqual(firstLookup);
    expect(double.callsTo('users.info').length).toBeGreaterThan(1);
  });
});

describe('a claim stays with its sender while it waits out a long Retry-After', () => {
  let double: SlackDouble;

  beforeAll(async () => {
    double = await startSlackDouble();
  });
  afterAll(async () => {
    await double.stop();
  });
  beforeEach(() => double.reset());

  /**
   * Two delivery services on two connections to one database file, sharing a clock. The first
   * gets a 429 with Retry-After: 150 (longer than the 2-minute stale-claim window); its waits
   * move the clock, and 130 s into the wait the second service delivers the same message.
   */
  async function raceThroughLongRetryAfter(heartbeatMs: number | undefined): Promise<{ w: JobWorld; keys: string[] }> {
    const w = await jobWorld(double);
    await w.enrol('U_A', 'Europe/Berlin');
    const clock = fixedClock(MONDAY_NINE);
    const logger = createLogger('warn', new LogCapture());
    const message: Outbound = { key: 'test:U_A:2026-11-16', kind: 'test', userId: 'U_A', channel: 'U_A', text: 'hello', dueAt: new Date(MONDAY_NINE) };
    const otherDb = await openTestDatabase(w.dbPath);
    const other = createDeliveryService(
      { client: createDeliveryClient({ slackBotToken: 'xoxb-test', slackApiUrl: double.apiUrl }, logger), repos: createRepositories(otherDb, fixedWorkspace(TEST_TEAM_ID)), logger, clock },
      {},
    );
    let waited = 0;
    let secondRun: Promise<unknown> | undefined;
    const first = createDeliveryService(
      { client: createDeliveryClient({ slackBotToken: 'xoxb-test', slackApiUrl: double.apiUrl }, logger), repos: w.repos, logger, clock },
      {
        ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
        monotonicNow: () => waited,
        sleep: async (ms) => {
          waited += ms;
          clock.advance(ms);
          if (!secondRun && waited >= 130_000) {
            secondRun = other.deliver([message]);
            await secondRun;
          }
        },
      },
    );
    double.script('chat.postMessage', { status: 429, headers: { 'Retry-After': '150' }, body: { ok: false, error: 'ratelimited' } });
    await first.deliver([message]);
    await secondRun;
    await otherDb.close();
    return { w, keys: double.succeeded('chat.postMessage').map((c) => String(c.params.channel)) };
  }

  it('sends once: the waiting sender refreshes its claim every 30 s, so the other process does not take it over', async () => {
    const { w, keys } = await raceThroughLongRetryAfter(undefined);
    expect(keys).toEqual(['U_A']);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'sent', attempts: 2 });
    await w.close();
  });

  it('(why the heartbeat matters) without a refresh inside the window, both processes send', async () => {
    const { w, keys } = await raceThroughLongRetryAfter(10 * 60_000);
    expect(keys).toEqual(['U_A', 'U_A']);
    await w.close();
  });
});
