// @engines sqlite postgres
import { startTestApp, type TestApp } from '../support/harness';
import { shownText } from '../timelog/helpers';

const REFUSAL = 'lead-coach is installed for a different Slack workspace, so it did nothing with this request and stored nothing.';

async function rows(t: TestApp, table: string): Promise<number> {
  return (await t.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? -1;
}

describe('a request from another workspace is refused', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('answers a slash command with one ephemeral line, stores nothing and asks Slack nothing about the user', async () => {
    const reply = await t.commandReply('log coding 1h', { teamId: 'T_ELSEWHERE' });
    expect(reply.response_type).toBe('ephemeral');
    expect(shownText(reply)).toContain(REFUSAL);
    expect(await rows(t, 'managers')).toBe(0);
    expect(await rows(t, 'time_entries')).toBe(0);
    expect(t.double.callsTo('users.info')).toHaveLength(0);
    const home = await t.commandReply('log coding 1h');
    expect(shownText(home)).toContain('Logged *coding 1h*');
  });

  it('answers a button press with one ephemeral line and runs nothing (forget-me deletes nothing)', async () => {
    await t.commandReply('log coding 1h');
    const press = t.buttonPayload('time_log_forget_me_confirm', 'confirm');
    await t.interact({ ...press, team: { id: 'T_ELSEWHERE', domain: 'elsewhere' }, user: { id: 'U_MANAGER1', team_id: 'T_ELSEWHERE', username: 'manager' } });
    const answer = await t.double.waitFor(() => t.double.responses.find((r) => press.response_url.endsWith(r.id)));
    expect(shownText(answer.body)).toContain(REFUSAL);
    expect(await rows(t, 'time_entries')).toBe(1);
    expect(t.double.callsTo('views.publish')).toHaveLength(0);
  });
});
