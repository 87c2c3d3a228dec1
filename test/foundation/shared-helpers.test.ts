import { startTestApp, type TestApp } from '../support/harness';

/** Behaviour that used to differ between features because each had its own copy of a helper (issue 10). */

const blockText = (reply: unknown): string => JSON.stringify(reply);

describe('one admin policy: a Slack failure refuses, clearly, in every admin command', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'UMEMBER01', tz: 'Europe/Berlin' }] });
    await t.commandReply('help', { userId: 'UMEMBER01' }); // enrolled, so the next users.info is the admin check
    t.double.channelMembers.set('C0NEW', ['UMEMBER01', 'U_M2']);
  });
  afterEach(async () => {
    await t.stop();
  });

  it.each([
    ['enroll <#C0NEW|new-managers>', 'SELECT user_id FROM managers ORDER BY user_id'],
    ['summary channel <#C0COHORT|eng-managers>', 'SELECT channel_id, time_zone FROM summary_settings'],
    ['summary timezone Europe/Berlin', 'SELECT channel_id, time_zone FROM summary_settings'],
  ])('`/lead %s` with users.info failing: "could not check", ephemeral, nothing stored', async (command, query) => {
    const before = t.db.prepare(query).all();
    t.double.script('users.info', { ok: false, error: 'internal_error' });
    const reply = await t.commandReply(command, { userId: 'UMEMBER01' });
    expect(reply.response_type).toBe('ephemeral');
    expect(String(reply.text)).toContain('I could not check with Slack whether you are a workspace admin, so nothing was changed');
    expect(t.db.prepare(query).all()).toEqual(before);
    expect(t.double.callsTo('conversations.members')).toHaveLength(0);
  });

  it.each(['enroll <#C0NEW|new-managers>', 'summary channel <#C0COHORT|eng-managers>'])(
    '`/lead %s` from a member Slack says is not an admin gets the same refusal wording',
    async (command) => {
      const reply = await t.commandReply(command, { userId: 'UMEMBER01' });
      expect(String(reply.text)).toMatch(/^Only workspace admins and owners \(or people listed in ADMIN_USER_IDS\) can .+, so nothing was changed\./);
    },
  );
});
