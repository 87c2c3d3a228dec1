import { createDeliveryClient, createDeliveryService } from '../../src/core/delivery/delivery';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/harness';
import { signedHeaders } from '../support/signing';

/** Slack gives up on an acknowledgement after 3 s; ours must come well before. */
const PROMPT_ACK_MS = 1500;

describe('what Slack sees: refused nudges counted, every interaction acknowledged, retried events once', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.stop();
  });

  async function health(): Promise<Record<string, unknown>> {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  it('a scheduled message Slack refuses as invalid_blocks is counted in /healthz deliveryErrors; a sent one is not', async () => {
    await t.commandReply('help'); // enrols U_MANAGER1
    expect(await health()).toMatchObject({ status: 'ok', deliveryErrors: 0 });
    const service = createDeliveryService({ client: createDeliveryClient(t.config, t.app.deps.logger), repos: t.app.deps.repos, logger: t.app.deps.logger, clock: t.clock });
    const due = t.clock.now();
    const repeated = [{ type: 'actions' as const, elements: ['A', 'B'].map((text) => ({ type: 'button' as const, action_id: 'same', text: { type: 'plain_text' as const, text } })) }];
    const results = await service.deliver([
      { key: 'test:bad', kind: 'test', userId: 'U_MANAGER1', channel: 'U_MANAGER1', text: 'broken', blocks: repeated, dueAt: due },
      { key: 'test:good', kind: 'test', userId: 'U_MANAGER1', channel: 'U_MANAGER1', text: 'fine', dueAt: due },
    ]);
    expect(results.map((r) => r.status)).toEqual(['failed', 'sent']);
    expect(await health()).toMatchObject({ status: 'ok', deliveryErrors: 1 });
    expect(t.logs.lines.some((l) => l.level === 'error' && l.slackError === 'invalid_blocks')).toBe(true);
    // The refusal was this test's purpose; the harness fails any other.
    t.double.violations.length = 0;
  });

  it.each([
    ['an unknown view_submission', { type: 'view_submission', view: { id: 'V1', callback_id: 'nobody_handles_this', type: 'modal', state: { values: {} } } }],
    ['an unknown view_closed', { type: 'view_closed', view: { id: 'V1', callback_id: 'nobody_handles_this', type: 'modal' }, is_cleared: false }],
    ['a global shortcut', { type: 'shortcut', callback_id: 'some_shortcut', trigger_id: 'trig' }],
    ['a message shortcut', { type: 'message_action', callback_id: 'some_message_shortcut', trigger_id: 'trig', message: { ts: '1.1', text: 'hi' }, channel: { id: 'C1' }, response_url: 'http://127.0.0.1:9/unused' }],
    ['a legacy attachment button', { type: 'interactive_message', callback_id: 'legacy', actions: [{ name: 'b', type: 'button', value: 'v' }], channel: { id: 'C1' }, trigger_id: 'trig', response_url: 'http://127.0.0.1:9/unused' }],
  ])('%s is acknowledged at once with HTTP 200', async (_name, payload) => {
    const started = Date.now();
    const res = await t.interact({ ...payload, user: { id: 'U_MANAGER1', team_id: t.double.teamId }, team: { id: t.double.teamId }, api_app_id: 'A_LEADCOACH', token: 'legacy' });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(PROMPT_ACK_MS);
    expect(t.double.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('a block_suggestion is answered at once with an empty option list', async () => {
    const started = Date.now();
    const res = await t.interact({ type: 'block_suggestion', action_id: 'some_select', block_id: 'b', value: 'co', user: { id: 'U_MANAGER1', team_id: t.double.teamId }, team: { id: t.double.teamId }, api_app_id: 'A_LEADCOACH', token: 'legacy' });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(PROMPT_ACK_MS);
    expect(JSON.parse(res.body)).toEqual({ options: [] });
  });

  it('the harness fails a test whose acknowledgement or response_url post Slack would refuse', async () => {
    const repeated = [{ type: 'actions' as const, elements: ['A', 'B'].map((text) => ({ type: 'button' as const, action_id: 'same', text: { type: 'plain_text' as const, text } })) }];
    t.app.bolt.command('/lead-bad-ack', async ({ ack }) => {
      await ack({ text: 'two buttons, one id', blocks: repeated });
    });
    await expect(t.command('', { command: '/lead-bad-ack' })).rejects.toThrow(/invalid_blocks[\s\S]*action_id "same" is used more than once/);

    t.app.bolt.command('/lead-bad-respond', async ({ ack, respond }) => {
      await ack();
      await respond({ text: 'two buttons, one id', blocks: repeated });
    });
    await t.command('', { command: '/lead-bad-respond' });
    const violation = await t.double.waitFor(() => t.double.violations[0]);
    expect(violation.where).toBe('response_url');
    expect(t.double.responses.filter((r) => JSON.stringify(r.body).includes('two buttons'))).toEqual([]);
    t.double.violations.length = 0;
  });

  function homeOpened(eventId: string): string {
    return JSON.stringify({
      token: 'legacy',
      team_id: t.double.teamId,
      api_app_id: 'A_LEADCOACH',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: 'U_MANAGER1', channel: 'D_HOME', tab: 'home', event_ts: '1700000000.1' },
    });
  }

  it('an event Slack retries (same event_id, x-slack-retry-num) publishes the Home once; a new event_id publishes again', async () => {
    const body = homeOpened('Ev0RETRY');
    expect((await t.postSigned(body, 'application/json')).status).toBe(200);
    await t.double.waitFor(() => t.double.callsTo('views.publish')[0]);
    const retryHeaders = { ...signedHeaders(SIGNING_SECRET, body, 'application/json'), 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' };
    expect((await t.postSigned(body, 'application/json', retryHeaders)).status).toBe(200);
    expect((await t.postSigned(body, 'application/json')).status).toBe(200); // Socket Mode style redelivery: no retry header
    await new Promise((r) => setTimeout(r, 300));
    expect(t.double.callsTo('views.publish')).toHaveLength(1);

    expect((await t.postSigned(homeOpened('Ev0OTHER'), 'application/json')).status).toBe(200);
    await t.double.waitFor(() => t.double.callsTo('views.publish')[1]);

    // The memory of seen ids is bounded in time: two hours on, the same id is new again.
    t.clock.advance(2 * 60 * 60_000);
    expect((await t.postSigned(body, 'application/json')).status).toBe(200);
    await t.double.waitFor(() => t.double.callsTo('views.publish')[2]);
  });
});
