// @engines sqlite postgres
import { weeklySummaryJob } from '../../src/features/summaries/job';
import { startTestApp, type TestApp } from '../support/harness';
import { COHORT, seedCohort, seedExtraPrivate } from './fixtures';

const CHANNEL = 'CCOHORT01';

function settingsRow(t: TestApp) {
  return t.sql.get('SELECT channel_id, set_by, time_zone FROM summary_settings');
}

async function minGroupOf(t: TestApp): Promise<unknown> {
  return (await t.sql.get<{ min_group: number }>('SELECT min_group FROM summary_settings'))?.min_group;
}

async function shareOf(t: TestApp, userId: string): Promise<unknown> {
  return (await t.sql.get<{ share_in_cohort: number }>('SELECT share_in_cohort FROM managers WHERE user_id = ?', [userId]))?.share_in_cohort;
}

describe('/lead summary: admin-only configuration', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({
      config: { adminUserIds: ['UCONFIG01'] },
      users: [
        { id: 'UMEMBER01', tz: 'Europe/Berlin' },
        { id: 'USLACKADM', tz: 'UTC', is_admin: true },
        { id: 'UOWNER001', tz: 'UTC', is_owner: true },
        { id: 'UCONFIG01', tz: 'UTC' },
      ],
    });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('shows that no channel is set yet, and how an admin sets it', async () => {
    const reply = await t.commandReply('summary', { userId: 'UMEMBER01' });
    expect(reply.response_type).toBe('ephemeral');
    expect(String(reply.text)).toContain('not set yet');
    expect(String(reply.text)).toContain('/lead summary channel #channel');
    expect(String(reply.text)).toContain('Mondays at 10:00 UTC');
  });

  it('refuses a member who is not a workspace admin, clearly, and changes nothing', async () => {
    const reply = await t.commandReply(`summary channel <#${CHANNEL}|eng-managers>`, { userId: 'UMEMBER01' });
    expect(reply.response_type).toBe('ephemeral');
    expect(String(reply.text)).toMatch(/Only workspace admins and owners .*ADMIN_USER_IDS.* nothing was changed/);
    expect(await settingsRow(t)).toEqual({ channel_id: null, set_by: null, time_zone: 'UTC' });
    const zone = await t.commandReply('summary timezone Europe/Berlin', { userId: 'UMEMBER01' });
    expect(String(zone.text)).toContain('Only workspace admins');
    expect(await settingsRow(t)).toEqual({ channel_id: null, set_by: null, time_zone: 'UTC' });
  });

  it.each([
    ['a workspace admin per users.info', 'USLACKADM'],
    ['a workspace owner per users.info', 'UOWNER001'],
    ['someone listed in ADMIN_USER_IDS', 'UCONFIG01'],
  ])('lets %s set the channel, and /lead summary shows it', async (_who, userId) => {
    const reply = await t.commandReply(`summary channel <#${CHANNEL}|eng-managers>`, { userId });
    expect(reply.response_type).toBe('ephemeral');
    expect(String(reply.text)).toContain(`Done: the weekly cohort summary goes to <#${CHANNEL}>`);
    expect(String(reply.text)).toContain('/invite @lead-coach');
    expect(await settingsRow(t)).toEqual({ channel_id: CHANNEL, set_by: userId, time_zone: 'UTC' });
    const shown = await t.commandReply('summary', { userId: 'UMEMBER01' });
    expect(String(shown.text)).toContain(`<#${CHANNEL}> (set by <@${userId}>)`);
    // 2026-11-18 is a Wednesday: the next post is Monday 23 Nov.
    expect(String(shown.text)).toContain('Next post: Mon 23 Nov, 10:00 UTC');
  });

  it('asks a member whose admin status Slack cannot confirm to try again, and changes nothing', async () => {
    await t.commandReply('help', { userId: 'UMEMBER01' }); // enrolled already, so the next users.info is the admin check
    t.double.script('users.info', { ok: false, error: 'internal_error' });
    const reply = await t.commandReply(`summary channel <#${CHANNEL}>`, { userId: 'UMEMBER01' });
    expect(String(reply.text)).toContain('could not check with Slack whether you are a workspace admin');
    expect(await settingsRow(t)).toMatchObject({ channel_id: null });
  });

  it.each([
    ['#general', "I can't tell which channel"],
    ['', 'Name the channel'],
    ['<@UMEMBER01>', 'is not a channel'],
  ])('answers a channel given as %j with the problem and an example', async (input, problem) => {
    const reply = await t.commandReply(`summary channel ${input}`, { userId: 'UCONFIG01' });
    expect(reply.response_type).toBe('ephemeral');
    expect(String(reply.text)).toContain(problem);
    expect(String(reply.text)).toContain('Example: `/lead summary channel #eng-managers`');
    expect(await settingsRow(t)).toMatchObject({ channel_id: null });
  });

  it('echoes hostile input escaped, so it cannot ping anyone', async () => {
    const reply = await t.commandReply('summary channel <!channel> @here', { userId: 'UCONFIG01' });
    const all = JSON.stringify(reply);
    expect(all).not.toContain('<!channel>');
    expect(all).toContain('&lt;!channel&gt;');
    const other = await t.commandReply('summary <!here|here>', { userId: 'UCONFIG01' });
    expect(JSON.stringify(other)).not.toContain('<!here');
  });

  it('sets the time zone for admins and refuses one it does not know', async () => {
    const bad = await t.commandReply('summary timezone Mars/Olympus_Mons', { userId: 'UCONFIG01' });
    expect(String(bad.text)).toContain('`Mars/Olympus_Mons` is not a time zone I know');
    expect(String(bad.text)).toContain('Example: `/lead summary timezone Europe/Berlin`');
    expect(await settingsRow(t)).toMatchObject({ time_zone: 'UTC' });
    const good = await t.commandReply('summary timezone europe/berlin', { userId: 'UCONFIG01' });
    expect(String(good.text)).toContain('Mondays at 10:00 Europe/Berlin');
    expect(await settingsRow(t)).toMatchObject({ time_zone: 'Europe/Berlin' });
  });

  it('sets the smallest group summarised for admins, shows it, and refuses it for members', async () => {
    expect(await minGroupOf(t)).toBe(5);
    const shown = await t.commandReply('summary', { userId: 'UMEMBER01' });
    expect(String(shown.text)).toContain('Smallest group summarised: 5 managers who logged');
    const member = await t.commandReply('summary min-group 7', { userId: 'UMEMBER01' });
    expect(String(member.text)).toContain('Only workspace admins');
    expect(await minGroupOf(t)).toBe(5);
    const admin = await t.commandReply('summary min-group 7', { userId: 'UCONFIG01' });
    expect(admin.response_type).toBe('ephemeral');
    expect(String(admin.text)).toContain('no figure for a group of fewer than 7 managers who logged');
    expect(await minGroupOf(t)).toBe(7);
  });

  it.each([
    ['2', 'A group of 2 is too small: with fewer than 3 managers, one of them could work out a colleague', 'Use 3 or more.'],
    ['abc', '`abc` is not a whole number of managers.', 'Give one from 3 to 50.'],
    ['1000', '`1000` is more than 50: the summary would never post any figures.', 'Use 3 to 50.'],
    ['', 'Name the smallest group', 'from 3 to 50'],
    ['4.5', '`4.5` is not a whole number of managers.', 'from 3 to 50'],
  ])('refuses min-group %j with the reason and an example, and stores nothing', async (input, problem, fix) => {
    const reply = await t.commandReply(`summary min-group ${input}`, { userId: 'UCONFIG01' });
    expect(reply.response_type).toBe('ephemeral');
    expect(String(reply.text)).toContain(problem);
    expect(String(reply.text)).toContain(fix);
    expect(String(reply.text)).toContain('Nothing was changed. Example: `/lead summary min-group 7`');
    expect(await minGroupOf(t)).toBe(5);
    // Refused before asking Slack whether the user is an admin.
    expect(t.double.callsTo('users.info').length).toBeLessThanOrEqual(1);
  });

  it('answers an unknown summary option with what it accepts', async () => {
    const reply = await t.commandReply('summary chanel #x', { userId: 'UCONFIG01' });
    expect(String(reply.text)).toContain("I don't know `summary` `chanel`");
  });
});

describe('/lead share and the Home toggle: opt-in and opt-out', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({
      now: '2026-11-20T12:00:00Z',
      config: { adminUserIds: ['UADMIN01'] },
      users: [{ id: 'UADMIN01', tz: 'UTC' }, ...Object.values(COHORT).map((m) => ({ id: m.userId, tz: m.timeZone }))],
    });
    await seedCohort({ db: t.sql, repos: t.app.deps.repos });
    await seedExtraPrivate({ db: t.sql, repos: t.app.deps.repos });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('is off by default and switches with /lead share on|off; anything else is refused', async () => {
    const reply = await t.commandReply('share', { userId: 'UMEMBER9X' });
    expect(String(reply.text)).toContain('Your split is private');
    expect(await shareOf(t, 'UMEMBER9X')).toBe(0);
    expect(String((await t.commandReply('share on', { userId: 'UMEMBER9X' })).text)).toContain('will be shared');
    expect(await shareOf(t, 'UMEMBER9X')).toBe(1);
    const bad = await t.commandReply('share yes please', { userId: 'UMEMBER9X' });
    expect(String(bad.text)).toContain('`yes please` is neither `on` nor `off`');
    expect(String(bad.text)).toContain('Example: `/lead share on`');
    expect(await shareOf(t, 'UMEMBER9X')).toBe(1);
    await t.commandReply('share off', { userId: 'UMEMBER9X' });
    expect(await shareOf(t, 'UMEMBER9X')).toBe(0);
  });

  it('names exactly the managers who opted in, as the next summary shows', async () => {
    // Bob opts in, Alice opts out (both through signed commands); Carol stays in.
    await t.commandReply('share on', { userId: COHORT.bob.userId });
    await t.commandReply('share off', { userId: COHORT.alice.userId });
    t.clock.set('2026-11-23T06:00:00Z');
    await t.commandReply('summary channel <#CCOHORT01|eng-managers>', { userId: 'UADMIN01' });
    t.clock.set('2026-11-23T10:00:00Z');
    await weeklySummaryJob().run(new Date('2026-11-23T10:00:00Z'), { ...t.app.deps, client: t.app.bolt.client });
    const post = JSON.stringify(t.double.succeeded('chat.postMessage').find((c) => c.params.channel === 'CCOHORT01')?.params);
    expect(post).toContain(`<@${COHORT.bob.userId}>`);
    expect(post).toContain(`<@${COHORT.carol.userId}>`);
    expect(post).not.toContain(COHORT.alice.userId);
    // Alice's time still counts in the anonymous figures: with Pat1..Pat5 she is one of six private managers.
    expect(post).toContain('*8 managers* logged their time last week: 2 share their split by name, 6 keep it private.');
  });

  it('flips sharing from the App Home button and republishes the Home with the new state', async () => {
    await t.event({ type: 'app_home_opened', user: COHORT.bob.userId, tab: 'home', channel: 'DHOME' });
    const first = await t.double.waitFor(() => t.double.succeeded('views.publish')[0]);
    expect(JSON.stringify(first.params)).toContain('Share my split');

    await t.interact(t.buttonPayload('summary_share_toggle', 'on', { userId: COHORT.bob.userId }));
    await t.double.waitFor(() => t.double.succeeded('views.publish')[1]);
    expect(await shareOf(t, COHORT.bob.userId)).toBe(1);
    expect(JSON.stringify(t.double.succeeded('views.publish')[1]?.params)).toContain('Stop sharing');

    await t.interact(t.buttonPayload('summary_share_toggle', 'off', { userId: COHORT.bob.userId }));
    await t.double.waitFor(() => t.double.succeeded('views.publish')[2]);
    expect(await shareOf(t, COHORT.bob.userId)).toBe(0);
  });
});
