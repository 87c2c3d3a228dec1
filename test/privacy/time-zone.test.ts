// @engines sqlite postgres
import { fixedClock } from '../../src/core/clock';
import { nudgesJob } from '../../src/features/nudges/job';
import { startTestApp, type TestApp } from '../support/harness';
import { shownText } from '../timelog/helpers';

const TOLD = "I couldn't read your time zone from Slack, so nudges wait until you set it: `/lead timezone Europe/Berlin`";

function dmTexts(t: TestApp, userId: string): string[] {
  return t.double.succeeded('chat.postMessage').filter((c) => c.params.channel === userId).map((c) => String(c.params.text));
}

async function nudgesStoredFor(t: TestApp, userId: string): Promise<number> {
  return (await t.sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE user_id = ? AND kind <> 'welcome'", [userId]))?.n ?? -1;
}

async function zoneOf(t: TestApp, userId: string): Promise<{ time_zone: string; time_zone_confirmed: number } | undefined> {
  return t.sql.get<{ time_zone: string; time_zone_confirmed: number }>('SELECT time_zone, time_zone_confirmed FROM managers WHERE user_id = ?', [userId]);
}

async function tick(t: TestApp, at: string): Promise<void> {
  await nudgesJob({ backoffMs: 10 }).run(new Date(at), { ...t.app.deps, clock: fixedClock(at), client: t.app.bolt.client });
}

describe('a time zone Slack does not give is asked for, and nudges wait for it', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }, { id: 'U_NOZONE' }] });
  });
  afterEach(async () => {
    await t.stop();
  });

  const noZone = {
    'users.info without tz': { ok: true, user: { id: 'U_NOZONE', team_id: 'T0001', name: 'nozone', deleted: false, is_bot: false } },
    'an invalid tz': { ok: true, user: { id: 'U_NOZONE', team_id: 'T0001', name: 'nozone', deleted: false, is_bot: false, tz: 'Mars/Olympus_Mons' } },
    'users.info failing': { ok: false, error: 'user_not_found' },
  };

  it.each(Object.entries(noZone))('with %s at first contact, tells the manager once by DM and stores the zone as unconfirmed', async (_case, answer) => {
    t.double.always('users.info', answer);
    const first = await t.commandReply('log coding 1h', { userId: 'U_NOZONE' });
    expect(shownText(first)).toContain('Logged *coding 1h*');
    await t.commandReply('week', { userId: 'U_NOZONE' });
    expect(dmTexts(t, 'U_NOZONE')).toEqual([TOLD]);
    expect(await zoneOf(t, 'U_NOZONE')).toEqual({ time_zone: 'UTC', time_zone_confirmed: 0 });
  });

  it('sends no nudge while the zone is unconfirmed, and nudges in the zone the manager then sets', async () => {
    await t.commandReply('start', { userId: 'U_MANAGER1' });
    t.double.always('users.info', noZone['users.info without tz']);
    await t.commandReply('start', { userId: 'U_NOZONE' });
    // The welcome lists no times in a stand-in zone: it says nothing comes until the zone is set.
    const welcome = t.double.succeeded('chat.postMessage').find((c) => c.params.channel === 'U_NOZONE' && String(c.params.text).startsWith('Welcome to lead-coach'));
    expect(String(welcome?.params.text)).toContain("Slack didn't give me your time zone, so nothing will arrive until you set it: `/lead timezone");
    expect(JSON.stringify(welcome?.params.blocks)).not.toContain('UTC');
    // Thursday's check-in and 20% question are due at 16:30 local: 15:30Z in Berlin, 16:30Z in UTC.
    await tick(t, '2026-11-19T15:31:00Z');
    await tick(t, '2026-11-19T16:31:00Z');
    expect(await nudgesStoredFor(t, 'U_MANAGER1')).toBeGreaterThan(0);
    expect(await nudgesStoredFor(t, 'U_NOZONE')).toBe(0);

    const asked = await t.commandReply('timezone', { userId: 'U_NOZONE' });
    expect(shownText(asked)).toContain(TOLD);
    const set = await t.commandReply('timezone Europe/Berlin', { userId: 'U_NOZONE' });
    expect(shownText(set)).toContain('Your time zone is now Europe/Berlin');
    expect(await zoneOf(t, 'U_NOZONE')).toEqual({ time_zone: 'Europe/Berlin', time_zone_confirmed: 1 });
    await tick(t, '2026-11-24T15:31:00Z'); // Tuesday's check-in, 16:30 in Berlin
    expect(await nudgesStoredFor(t, 'U_NOZONE')).toBeGreaterThan(0);
    expect(dmTexts(t, 'U_NOZONE').some((text) => text !== TOLD && !text.startsWith('Welcome to lead-coach'))).toBe(true);
  });

  it('confirms the zone when Slack gives one on a later contact, without telling anything', async () => {
    t.double.script('users.info', noZone['users.info failing']);
    await t.commandReply('log coding 1h', { userId: 'U_NOZONE' });
    t.double.addUser({ id: 'U_NOZONE', tz: 'America/New_York' });
    await t.commandReply('week', { userId: 'U_NOZONE' });
    expect(await zoneOf(t, 'U_NOZONE')).toEqual({ time_zone: 'America/New_York', time_zone_confirmed: 1 });
    expect(dmTexts(t, 'U_NOZONE')).toEqual([TOLD]);
  });
});
