// @engines sqlite postgres
import { WebClient } from '@slack/web-api';

import { fixedClock } from '../../src/core/clock';
import { fixedWorkspace } from '../../src/core/workspace';
import { TEST_TEAM_ID } from '../support/slackDouble';
import { createRepositories } from '../../src/repositories';
import { createLogger, toSlackLogger } from '../../src/core/logger';
import { createDeliveryClient, createDeliveryService, DELIVERY_DEFAULTS, PERMANENT_ERRORS, type DeliveryOptions, type Outbound } from '../../src/core/delivery/delivery';
import { LogCapture } from '../support/harness';
import { startSlackDouble, type SlackDouble } from '../support/slackDouble';
import { deliveryRow, dmsTo, jobWorld, type JobWorld } from './support';
import { openTestDatabase } from '../support/database';

const NOW = '2026-11-16T08:00:00Z';

function outbound(userId: string, text = `hello ${userId}`): Outbound {
  return { key: `test:${userId}:2026-11-16`, kind: 'test', userId, channel: userId, text, dueAt: new Date(NOW) };
}

describe('delivery service: exactly once, and each Slack failure kind', () => {
  let double: SlackDouble;
  let w: JobWorld;
  const logs = new LogCapture();
  const logger = createLogger('warn', logs);

  beforeAll(async () => {
    double = await startSlackDouble();
  });
  afterAll(async () => {
    await double.stop();
  });
  beforeEach(async () => {
    double.reset();
    w = await jobWorld(double);
    for (const id of ['U_A', 'U_B', 'U_C', 'U_D']) await w.enrol(id, 'Europe/Berlin');
  });
  afterEach(() => w.close());

  function service(options: DeliveryOptions = {}, client?: WebClient) {
    return createDeliveryService(
      { client: client ?? createDeliveryClient({ slackBotToken: 'xoxb-test', slackApiUrl: double.apiUrl }, logger), repos: w.repos, logger, clock: fixedClock(NOW) },
      { backoffMs: 20, ...options },
    );
  }

  it('sends each message once and records it as sent with its ts; a second deliver of the same keys sends nothing', async () => {
    const batch = ['U_A', 'U_B', 'U_C'].map((u) => outbound(u));
    const first = await service().deliver(batch);
    expect(first.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    const again = await service().deliver(batch);
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(double.callsTo('chat.postMessage')).toHaveLength(3);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'sent', attempts: 1, channel: 'U_A', ts: first[0]?.ts });
  });

  it('honours 429 Retry-After: the limited message waits, then goes; the rest of the batch is delivered', async () => {
    const started = Date.now();
    double.script('chat.postMessage', { status: 429, headers: { 'Retry-After': '1' }, body: { ok: false, error: 'ratelimited' } });
    const results = await service({ concurrency: 1 }).deliver(['U_A', 'U_B', 'U_C'].map((u) => outbound(u)));
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    const calls = double.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200, 200, 200]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a 429 pauses only new sends: a message already in flight completes during the pause', async () => {
    double.script(
      'chat.postMessage',
      // The 429 comes back after 100 ms, so U_B is surely on its way by then on either engine (a claim on
      // PostgreSQL is a round trip, on SQLite it is not).
      async () => {
        await new Promise((r) => setTimeout(r, 100));
        return { status: 429, headers: { 'Retry-After': '1' }, body: { ok: false, error: 'ratelimited' } };
      },
      async (params) => {
        await new Promise((r) => setTimeout(r, 300));
        return { ok: true, channel: params.channel, ts: '1.000001' };
      },
    );
    const results = await service({ concurrency: 2 }).deliver(['U_A', 'U_B', 'U_C'].map((u) => outbound(u)));
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    const calls = double.callsTo('chat.postMessage');
    const first429 = calls.find((c) => c.status === 429)?.at ?? 0;
    const inFlight = calls.find((c) => c.status === 200 && c.params.channel === 'U_B');
    // U_B was in flight when U_A got the 429 and finished inside the pause; nothing new started before it ended.
    expect((inFlight?.at ?? 0) - first429).toBeLessThan(900);
    const later = calls.filter((c) => c.at > first429 && c !== inFlight);
    expect(later.every((c) => c.at - first429 >= 950)).toBe(true);
  });

  it("a crashed sender's claim: a DM that had reached Slack is found by its metadata and recorded, the others are sent; nothing twice, nothing lost", async () => {
    // Three claims left by a sender that died at 07:58 (past the 2-minute window at 08:00). Slack had
    // accepted U_A's DM just before the crash; U_B's never left; U_C's DM cannot be read (missing scope).
    const crashedAt = new Date('2026-11-16T07:57:00Z');
    for (const o of ['U_A', 'U_B', 'U_C'].map((u) => outbound(u))) {
      const payload = JSON.stringify({ channel: o.channel, text: o.text, blocks: null });
      await w.repos.deliveries.claim({ key: o.key, userId: o.userId ?? null, kind: o.kind, dueAt: o.dueAt, channel: o.channel, payload, context: null, token: `dead-${o.key}`, at: crashedAt });
    }
    const dead = new WebClient('xoxb-test', { slackApiUrl: double.apiUrl });
    const accepted = await dead.chat.postMessage({ channel: 'U_A', text: 'hello U_A', metadata: { event_type: 'lead_coach_delivery', event_payload: { key: 'test:U_A:2026-11-16' } } });
    double.always('conversations.history', (params) => (params.channel === 'DU_C' ? { ok: false, error: 'missing_scope' } : undefined));
    const postsBefore = double.succeeded('chat.postMessage').length;

    const results = await service().resendStale();
    expect(results.map((r) => [r.key, r.status, r.recovered ?? false])).toEqual([
      ['test:U_A:2026-11-16', 'sent', true],
      ['test:U_B:2026-11-16', 'sent', false],
      ['test:U_C:2026-11-16', 'sent', false],
    ]);
    const posted = double.succeeded('chat.postMessage').slice(postsBefore);
    expect(posted.map((c) => c.params.channel).sort()).toEqual(['U_B', 'U_C']);
    // Every message carries its key, so a later takeover can find it.
    expect(posted[0]?.params.metadata).toEqual({ event_type: 'lead_coach_delivery', event_payload: { key: expect.stringMatching(/^test:U_[BC]:2026-11-16$/) } });
    expect(dmsTo(double, 'U_A')).toHaveLength(1);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'sent', channel: 'DU_A', ts: accepted.ts });
    expect(logs.lines.some((l) => l.msg === 'could not look in the DM for an earlier try of this message; sending it' && l.key === 'test:U_C:2026-11-16')).toBe(true);
  });

  it('retries 5xx with backoff, then sends', async () => {
    double.script('chat.postMessage', { status: 503, body: 'unavailable' }, { status: 500, body: '' });
    const [r] = await service().deliver([outbound('U_A')]);
    expect(r?.status).toBe('sent');
    expect(double.callsTo('chat.postMessage').map((c) => c.status)).toEqual([503, 500, 200]);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  });

  it('records failed with the reason when 5xx persists, and the next recipient still gets theirs', async () => {
    // U_A's failures; U_B goes out while U_A waits between its tries.
    double.always('chat.postMessage', (params) =>
      params.channel === 'U_A' ? { status: 502, body: 'bad gateway' } : { ok: true, channel: params.channel, ts: '1700000000.000001' },
    );
    const results = await service({ concurrency: 1, maxAttempts: 4 }).deliver([outbound('U_A'), outbound('U_B')]);
    expect(results.map((r) => [r.status, r.error])).toEqual([
      ['failed', 'http_502 (after 4 attempts)'],
      ['sent', undefined],
    ]);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'failed', attempts: 4, last_error: 'http_502 (after 4 attempts)' });
    expect((await w.repos.managers.get('U_A'))?.unreachableReason).toBeNull();
  });

  it('near the end of the run a failed send is not retried in it but handed to the next run, which sends it once', async () => {
    // The run's clock: 30 s pass before U_A's first try fails (the rest of a busy tick), past retryWithinMs.
    let elapsedMs = 0;
    const sleep = (ms: number): Promise<void> => {
      elapsedMs += ms;
      return Promise.resolve();
    };
    double.script('chat.postMessage', { status: 503, body: 'unavailable' });
    const slowStart = service({ retryWithinMs: 20_000, monotonicNow: () => elapsedMs, sleep });
    const run = slowStart.deliver([outbound('U_A')]);
    elapsedMs = 30_000;
    const [r] = await run;
    expect(r).toMatchObject({ status: 'failed', permanent: false, error: 'http_503 (after 1 attempts; the run is near its end)' });
    expect(r?.retryAt?.toISOString()).toBe(new Date(Date.parse(NOW) + DELIVERY_DEFAULTS.retryFailedAfterMs).toISOString());
    expect(double.callsTo('chat.postMessage').map((c) => c.status)).toEqual([503]);

    const later = createDeliveryService(
      { client: createDeliveryClient({ slackBotToken: 'xoxb-test', slackApiUrl: double.apiUrl }, logger), repos: w.repos, logger, clock: fixedClock(r?.retryAt?.toISOString() ?? NOW) },
      { backoffMs: 20 },
    );
    const [again] = await later.resendFailed();
    expect(again?.status).toBe('sent');
    expect(double.succeeded('chat.postMessage').map((c) => c.params.channel)).toEqual(['U_A']);
  });

  it('earlier in the run, the same failure is retried within it and sent', async () => {
    double.script('chat.postMessage', { status: 503, body: 'unavailable' });
    const [r] = await service({ retryWithinMs: 20_000 }).deliver([outbound('U_A')]);
    expect(r?.status).toBe('sent');
    expect(double.callsTo('chat.postMessage').map((c) => c.status)).toEqual([503, 200]);
  });

  it('a try that timed out after Slack had posted it: the DM is looked into before retrying, the message is recorded, not sent twice', async () => {
    // Slack takes 400 ms to post U_A's DM, the client gives up after 200 ms; the retry waits ~450-750 ms.
    double.script('chat.postMessage', async (params) => {
      await new Promise((r) => setTimeout(r, 400));
      return { ok: true, channel: params.channel, ts: '1794816000.000100' };
    });
    const client = new WebClient('xoxb-test', { slackApiUrl: double.apiUrl, logger: toSlackLogger(logger), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 200 });
    const [r] = await service({ backoffMs: 600 }, client).deliver([outbound('U_A')]);
    expect(r).toMatchObject({ status: 'sent', ts: '1794816000.000100', recovered: true });
    expect(dmsTo(double, 'U_A')).toHaveLength(1);
    expect(double.callsTo('conversations.history')).toHaveLength(1);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'sent', attempts: 1, ts: '1794816000.000100', channel: 'DU_A' });
  });

  it('a try that timed out and never reached Slack: nothing found in the DM, so it is sent again, once', async () => {
    double.fault('chat.postMessage', { kind: 'hang' }, { times: 1 });
    const client = new WebClient('xoxb-test', { slackApiUrl: double.apiUrl, logger: toSlackLogger(logger), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 200 });
    const [r] = await service({}, client).deliver([outbound('U_A')]);
    expect(r).toMatchObject({ status: 'sent' });
    expect(r?.recovered).toBeUndefined();
    expect(dmsTo(double, 'U_A')).toHaveLength(1);
    expect(double.callsTo('conversations.history')).toHaveLength(1);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a later run retrying a failure: the DM is looked into only after a timeout or a lost connection, not after a 5xx', async () => {
    // Both failed for a passing reason at 07:58; U_A's last try timed out although Slack had posted it.
    for (const [o, reason] of [
      [outbound('U_A'), 'network_error: timeout of 10000ms exceeded (after 4 attempts)'],
      [outbound('U_B'), 'http_503 (after 4 attempts)'],
    ] as const) {
      const payload = JSON.stringify({ channel: o.channel, text: o.text, blocks: null });
      await w.repos.deliveries.claim({ key: o.key, userId: o.userId ?? null, kind: o.kind, dueAt: o.dueAt, channel: o.channel, payload, context: null, token: `t-${o.key}`, at: new Date('2026-11-16T07:57:00Z') });
      await w.repos.deliveries.markFailed(o.key, `t-${o.key}`, reason, new Date('2026-11-16T07:59:00Z'));
    }
    const earlier = new WebClient('xoxb-test', { slackApiUrl: double.apiUrl });
    const landed = await earlier.chat.postMessage({ channel: 'U_A', text: 'hello U_A', metadata: { event_type: 'lead_coach_delivery', event_payload: { key: 'test:U_A:2026-11-16' } } });
    const postsBefore = double.succeeded('chat.postMessage').length;

    const results = await service().resendFailed();
    expect(results.map((r) => [r.key, r.status, r.recovered ?? false])).toEqual([
      ['test:U_A:2026-11-16', 'sent', true],
      ['test:U_B:2026-11-16', 'sent', false],
    ]);
    expect(double.succeeded('chat.postMessage').slice(postsBefore).map((c) => c.params.channel)).toEqual(['U_B']);
    expect(double.callsTo('conversations.history').map((c) => c.params.channel)).toEqual(['DU_A']);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'sent', ts: landed.ts, channel: 'DU_A' });
  });

  it('records failed with the network reason when Slack cannot be reached at all', async () => {
    const unreachable = new WebClient('xoxb-test', { slackApiUrl: 'http://127.0.0.1:9/api/', logger: toSlackLogger(logger), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const [r] = await service({ maxAttempts: 3 }, unreachable).deliver([outbound('U_A')]);
    expect(r?.status).toBe('failed');
    expect(r?.error).toMatch(/^network_error: .*\(after 3 attempts\)$/);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it.each(['user_not_found', 'account_inactive', 'messages_tab_disabled', 'channel_not_found', 'not_in_channel', 'is_archived'])(
    'permanent error %s: recorded once, no retry, the manager is marked unreachable and gets no further nudges',
    async (error) => {
      expect(PERMANENT_ERRORS.has(error)).toBe(true);
      double.script('chat.postMessage', { ok: false, error });
      const results = await service({ concurrency: 1 }).deliver([outbound('U_A'), { ...outbound('U_A'), key: 'test:U_A:second' }, outbound('U_B')]);
      expect(results.map((r) => [r.status, r.permanent ?? false])).toEqual([
        ['failed', true],
        ['failed', true],
        ['sent', false],
      ]);
      expect(double.callsTo('chat.postMessage').map((c) => c.params.channel)).toEqual(['U_A', 'U_B']);
      expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'failed', last_error: error, attempts: 1 });
      expect((await w.repos.managers.get('U_A'))?.unreachableReason).toBe(error);
      // The job sends U_A nothing from now on, while U_B still gets the Monday nudge.
      double.reset();
      await w.tick(NOW);
      expect(dmsTo(double, 'U_A')).toEqual([]);
      expect(dmsTo(double, 'U_B')).toHaveLength(1);
    },
  );

  it('a message the double refuses as invalid Block Kit is recorded as refused (our error), logged at error level, not retried', async () => {
    const repeated: Outbound['blocks'] = [{ type: 'actions', elements: ['One', 'Two'].map((t) => ({ type: 'button', action_id: 'same', text: { type: 'plain_text', text: t } })) }];
    logs.raw.length = 0;
    const [r, other] = await service().deliver([{ ...outbound('U_A'), blocks: repeated }, outbound('U_B')]);
    expect(r).toMatchObject({ status: 'failed', error: 'refused: invalid_blocks', permanent: false });
    expect(other?.status).toBe('sent');
    expect(double.callsTo('chat.postMessage').filter((c) => c.params.channel === 'U_A')).toHaveLength(1);
    expect(await deliveryRow(w.sql, 'test:U_A:2026-11-16')).toMatchObject({ status: 'failed', last_error: 'refused: invalid_blocks', attempts: 1 });
    expect((await w.repos.managers.get('U_A'))?.unreachableReason).toBeNull();
    expect(logs.lines.filter((l) => l.level === 'error')).toEqual([expect.objectContaining({ key: 'test:U_A:2026-11-16', slackError: 'invalid_blocks', msg: expect.stringContaining('a bug of ours') })]);
    double.violations.length = 0;
  });

  it.each(['invalid_arguments', 'msg_too_long', 'no_text', 'invalid_blocks_format'])('Slack error %s is ours too: refused once, not retried, manager still reachable', async (error) => {
    double.script('chat.postMessage', { ok: false, error });
    const [r] = await service().deliver([outbound('U_A')]);
    expect(r).toMatchObject({ status: 'failed', error: `refused: ${error}` });
    expect(double.callsTo('chat.postMessage')).toHaveLength(1);
    expect((await w.repos.managers.get('U_A'))?.unreachableReason).toBeNull();
  });

  it('two processes (two connections to one file) delivering the same batch send each key once', async () => {
    const otherDb = await openTestDatabase(w.dbPath);
    try {
      const other = createDeliveryService(
        { client: createDeliveryClient({ slackBotToken: 'xoxb-test', slackApiUrl: double.apiUrl }, logger), repos: createRepositories(otherDb, fixedWorkspace(TEST_TEAM_ID)), logger, clock: fixedClock(NOW) },
        {},
      );
      const batch = ['U_A', 'U_B', 'U_C', 'U_D'].map((u) => outbound(u));
      const [mine, theirs] = await Promise.all([service().deliver(batch), other.deliver(batch)]);
      const sent = [...mine, ...theirs].filter((r) => r.status === 'sent');
      expect(sent).toHaveLength(4);
      expect(new Set(sent.map((r) => r.key)).size).toBe(4);
      expect(double.succeeded('chat.postMessage')).toHaveLength(4);
    } finally {
      await otherDb.close();
    }
  });
});
