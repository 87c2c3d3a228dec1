// @engines sqlite postgres
import { NUDGE_ACTIONS } from '../../src/features/nudges/blocks';
import { startTestApp, type SignedResult, type TestApp } from '../support/harness';
import { storedEntries, submission, type Block } from '../timelog/helpers';

/** Slack shows the user an error when an acknowledgement takes longer than this. */
const SLACK_ACK_LIMIT_MS = 3000;
/** users.info answers this late on every surface below. */
const SLOW_USERS_INFO_MS = 5000;
const WEEK_AGO = new Date('2026-11-01T00:00:00Z');

/** The HTTP answer time of a signed request, as Slack would measure it. */
async function timed(send: () => Promise<SignedResult>): Promise<{ result: SignedResult; ms: number }> {
  const started = performance.now();
  const result = await send();
  return { result, ms: performance.now() - started };
}

describe('every surface acknowledges within 3 s while users.info takes 5 s', () => {
  let t: TestApp;
  beforeEach(async () => {
    // A timeout above the delay, so the slow answer is used once it comes.
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }, { id: 'U_NEW', tz: 'Asia/Tokyo' }], config: { slackTimeoutMs: 8000 } });
  });
  afterEach(async () => {
    await t.stop();
  });

  /** A manager whose Slack time zone was last checked over a week ago: the next contact asks Slack again. */
  async function enrolWithStaleZone(userId: string): Promise<void> {
    await t.app.deps.repos.managers.enrol({ userId, timeZone: 'Europe/Berlin', enrolledAt: WEEK_AGO });
    await t.app.deps.repos.managers.refreshSlackTimeZone(userId, 'Europe/Berlin', WEEK_AGO);
  }

  it('a new user’s /lead help: acked at once, the answer follows once Slack has answered', async () => {
    t.double.fault('users.info', { kind: 'delay', ms: SLOW_USERS_INFO_MS });
    const { result, ms } = await timed(() => t.command('help', { userId: 'U_NEW' }));
    expect(result.status).toBe(200);
    expect(ms).toBeLessThan(SLACK_ACK_LIMIT_MS);
    const reply = await t.double.waitFor(() => t.double.responses[0], SLOW_USERS_INFO_MS + 5000);
    expect(JSON.stringify(reply.body)).toContain('/lead');
    expect((await t.app.deps.repos.managers.get('U_NEW'))?.timeZone).toBe('Asia/Tokyo');
  }, 20_000);

  it('the whole-day form: the submission is acked (and the day saved) before the time zone is refreshed', async () => {
    await t.commandReply('targets'); // enrols U_MANAGER1 while Slack is quick
    const { responseId } = await t.command('log');
    const opened = await t.double.waitFor(() => t.double.callsTo('views.open')[0]);
    expect(opened.params.trigger_id).toBe(t.triggerIdOf(responseId));
    const view = opened.params.view as { private_metadata: string; blocks: Block[] };
    await t.app.deps.repos.managers.refreshSlackTimeZone('U_MANAGER1', 'Europe/Berlin', WEEK_AGO);

    t.double.fault('users.info', { kind: 'delay', ms: SLOW_USERS_INFO_MS });
    const { result, ms } = await timed(() => t.interact(submission(t, view, { coding: '2h', meetings: '90m' })));
    expect(ms).toBeLessThan(SLACK_ACK_LIMIT_MS);
    expect(JSON.parse(result.body)).toMatchObject({ response_action: 'update' });
    expect((await storedEntries(t.sql, 'U_MANAGER1')).map((e) => [e.category, e.minutes])).toEqual(expect.arrayContaining([['coding', 120], ['meetings', 90]]));
    // After the ack: the zone is refreshed and the Home re-published.
    await t.double.waitFor(() => t.double.callsTo('views.publish')[0], SLOW_USERS_INFO_MS + 5000);
  }, 20_000);

  it('the form refuses, clearly and without storing anything, a submission from someone no longer enrolled', async () => {
    await t.commandReply('targets');
    await t.command('log');
    const opened = await t.double.waitFor(() => t.double.callsTo('views.open')[0]);
    const view = opened.params.view as { private_metadata: string; blocks: Block[] };
    await t.sql.run('DELETE FROM managers WHERE user_id = ?', ['U_MANAGER1']);
    const { result } = await timed(() => t.interact(submission(t, view, { coding: '2h' })));
    const answer = JSON.parse(result.body) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(Object.values(answer.errors).join(' ')).toMatch(/type \/lead log to start again/);
    expect(await storedEntries(t.sql, 'U_MANAGER1')).toEqual([]);
  });

  it('the Start coaching button from a new user: acked at once', async () => {
    t.double.fault('users.info', { kind: 'delay', ms: SLOW_USERS_INFO_MS });
    const { result, ms } = await timed(() => t.interact(t.buttonPayload(NUDGE_ACTIONS.startCoaching, JSON.stringify({}), { userId: 'U_NEW' })));
    expect(result.status).toBe(200);
    expect(ms).toBeLessThan(SLACK_ACK_LIMIT_MS);
    await t.double.waitFor(() => t.double.responses[0] ?? t.double.callsTo('views.publish')[0], SLOW_USERS_INFO_MS + 5000);
    expect((await t.app.deps.repos.managers.get('U_NEW'))?.nudgesEnabled).toBe(true);
  }, 20_000);

  it('opening the App Home of a manager whose zone is due a refresh: acked at once, the Home follows', async () => {
    await enrolWithStaleZone('U_MANAGER1');
    t.double.fault('users.info', { kind: 'delay', ms: SLOW_USERS_INFO_MS });
    const { result, ms } = await timed(() => t.event({ type: 'app_home_opened', user: 'U_MANAGER1', channel: 'D_HOME', tab: 'home', event_ts: '1700000000.1' }));
    expect(result.status).toBe(200);
    expect(ms).toBeLessThan(SLACK_ACK_LIMIT_MS);
    await t.double.waitFor(() => t.double.callsTo('views.publish')[0], SLOW_USERS_INFO_MS + 5000);
  }, 20_000);
});
