// @engines sqlite postgres
import { requestScope } from '../../src/core/slack/requestContext';
import { startTestApp, type TestApp } from '../support/harness';

describe('the per-request scope every listener gets (global middleware)', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Asia/Kolkata' }] });
    // A probe listener that reports what the middleware put into its context.
    t.app.bolt.command('/lead-probe', async ({ ack, context, respond }) => {
      await ack();
      const scope = requestScope(context);
      scope.logger.info({ now: scope.now.toISOString() }, 'probe ran');
      await respond({ response_type: 'ephemeral', text: scope.manager ? `known ${scope.manager.timeZone}` : 'unknown' });
    });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function probe(userId = 'U_MANAGER1'): Promise<string> {
    const { responseId } = await t.command('', { command: '/lead-probe', userId });
    const reply = await t.double.waitFor(() => t.double.responses.find((r) => r.id === responseId));
    return String(reply.body.text);
  }

  it('gives the stored manager record, the clock\'s now and a logger naming listener, user and team', async () => {
    expect(await probe()).toBe('unknown');
    await t.commandReply('help'); // enrols U_MANAGER1 with the zone Slack reports
    expect(await probe()).toBe('known Asia/Kolkata');
    const line = t.logs.lines.filter((l) => l.msg === 'probe ran').at(-1);
    expect(line).toMatchObject({ listener: 'command:/lead-probe', userId: 'U_MANAGER1', teamId: 'T0001', now: '2026-11-18T10:00:00.000Z' });
  });

  it('asks Slack nothing before the listener runs: a first contact calls users.info only where a handler does', async () => {
    expect(await probe('U_NEWCOMER')).toBe('unknown');
    expect(t.double.callsTo('users.info')).toHaveLength(0);
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM managers')).toEqual({ n: 0 });
  });

  it('answers /lead faq for an enrolled manager in the acknowledgement with one read of the manager record', async () => {
    await t.commandReply('help');
    const managers = t.app.deps.repos.managers;
    const reads = jest.spyOn(managers, 'get');
    try {
      const { body } = await t.command('faq how do I run good 1:1s');
      expect(JSON.parse(body)).toMatchObject({ response_type: 'ephemeral' });
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('still answers, after the acknowledgement, when the record cannot be read first: the error handler tells the user', async () => {
    await t.commandReply('help');
    await t.sql.exec('ALTER TABLE managers RENAME TO managers_away');
    const { status, body, responseId } = await t.command('faq how do I run good 1:1s');
    expect(status).toBe(200);
    expect(body.trim().startsWith('{')).toBe(false);
    const reply = await t.double.waitFor(() => t.double.responses.find((r) => r.id === responseId));
    expect(String(reply.body.text)).toMatch(/something went wrong/i);
    expect(t.logs.lines.some((l) => l.msg === 'manager record could not be read before the listener')).toBe(true);
    await t.sql.exec('ALTER TABLE managers_away RENAME TO managers');
  });
});
