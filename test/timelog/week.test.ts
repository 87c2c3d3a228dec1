// @engines sqlite postgres
import { startTestApp, type TestApp } from '../support/harness';
import { ask, storedEntries } from './helpers';

describe('/lead week and /lead targets, end to end', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }] });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('shows hours and share per category as text bars, the total, each share against its target and a sourced coaching line', async () => {
    await ask(t, 'log coding 6h monday');
    await ask(t, 'log coding 2h');
    await ask(t, 'log people 3h yesterday');
    await ask(t, 'log meetings 1h');
    await ask(t, 'log people 5h 2026-11-13'); // last week: not counted
    const week = await ask(t, 'week');
    expect(week.shown).toContain('This week · Mon 16 Nov – Sun 22 Nov');
    expect(week.shown).toContain('Coding       ███████░░░      8h  67%  target 0–20%   ▲ above');
    expect(week.shown).toContain('People       ███░░░░░░░      3h  25%  target 30–60%  ▼ below');
    expect(week.shown).toContain('Meetings     █░░░░░░░░░      1h   8%  target 10–30%  ▼ below');
    expect(week.shown).toContain('*Total:* 12h logged');
    expect(week.shown).toContain('code refuge');
    expect(week.shown).toContain('Source: _Tech Leadership: Why Top Engineers Fail as Managers (And How to Avoid It)_ (reading list #2)');
    expect(week.shown).not.toMatch(/\d{3}_[0-9a-f]+\.txt/);
    expect(week.text).toContain('coding 67% (target 0–20%)');

    const last = await ask(t, 'week last');
    expect(last.shown).toContain('Last week · Mon 9 Nov – Sun 15 Nov');
    expect(last.shown).toContain('People       ██████████      5h 100%  target 30–60%  ▲ above');
    expect(last.shown).toContain('*Total:* 5h logged');
    // No dedicated tip for too much people time: the target rationale and its source are shown.
    expect(last.shown).toContain('People took 100% of your week, above your target of 30–60%. An EM is a people leader first');
    expect(last.shown).toContain('(reading list #3)');
    expect(last.shown).not.toMatch(/\d{3}_[0-9a-f]+\.txt/);
  });

  it('says when nothing is logged and points to /lead log, with the no-data tip and its source', async () => {
    const week = await ask(t, 'week');
    expect(week.shown).toContain('Nothing logged this week yet');
    expect(week.shown).toContain('/lead log coding 90m');
    expect(week.shown).toContain('Source:');
  });

  it('refuses an unknown week argument with an example', async () => {
    const reply = await ask(t, 'week next');
    expect(reply.text).toContain('`/lead week` takes `last` or nothing, not `next`.');
    expect(reply.text).toContain('Example: `/lead week last`');
  });

  it('shows targets with their rationale and source, and lets a manager set and reset their own', async () => {
    const shown = await ask(t, 'targets');
    expect(shown.shown).toContain('*Coding* · *0–20%* of your week · default');
    expect(shown.shown).toContain('code-refuge trap');
    expect(shown.shown).toContain('Source: _The Engineering Manager is not a Tech Lead_');

    const set = await ask(t, 'targets coding 10%-70%');
    expect(set.text).toContain('Coding target set to 10–70% of your week.');
    expect(await t.sql.all('SELECT category, min_percent, max_percent FROM manager_targets WHERE user_id = ? ORDER BY category', ['U_MANAGER1'])).toEqual([
      { category: 'coding', min_percent: 10, max_percent: 70 },
    ]);
    await ask(t, 'log coding 6h');
    await ask(t, 'log people 3h');
    const week = await ask(t, 'week');
    expect(week.shown).toContain('target 10–70%  ✓ on target');
    expect(week.shown).not.toContain('code refuge');
    const listed = await ask(t, 'targets');
    expect(listed.shown).toContain('*Coding* · *10–70%* of your week · your own (default 0–20%)');

    const back = await ask(t, 'targets coding default');
    expect(back.text).toContain('Coding target is back to the default.');
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM manager_targets')).toEqual({ n: 0 });
  });

  it('warns when the minimums can no longer all be met', async () => {
    const reply = await ask(t, 'targets people 90-100');
    expect(reply.text).toContain('Your minimums now add up to 115%, so no week can meet every target.');
  });

  it.each([
    ['targets codng 0-20', 'Unknown category `codng`. Did you mean `coding`?'],
    ['targets coding', 'Give the range for coding as the lowest and highest share in percent.'],
    ['targets coding 30-10', 'In `30-10` the lowest share is above the highest'],
    ['targets coding 0-120', '`0-120` must stay between 0 and 100 percent.'],
    ['targets coding lots', "I can't read `lots` as a range"],
  ])('refuses %j and stores nothing', async (command, problem) => {
    const reply = await ask(t, command);
    expect(reply.text).toContain(problem);
    expect(reply.text).toContain('Example: `/lead targets coding 0-25`');
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM manager_targets')).toEqual({ n: 0 });
  });
});

describe('week boundaries in time zones far from UTC', () => {
  // 2026-11-22T10:30Z is Monday 00:30 in Kiritimati (UTC+14) and Sunday 02:30 in Los Angeles (UTC-8).
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({
      now: '2026-11-22T10:30:00Z',
      users: [
        { id: 'U_KIRITIMATI', tz: 'Pacific/Kiritimati' },
        { id: 'U_LOS_ANGELES', tz: 'America/Los_Angeles' },
      ],
    });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('files "today" on each manager\'s own local date and puts it in their own Monday–Sunday week', async () => {
    const k = await ask(t, 'log coding 1h', 'U_KIRITIMATI');
    expect(k.shown).toContain('for today (Mon 23 Nov)');
    const la = await ask(t, 'log people 2h', 'U_LOS_ANGELES');
    expect(la.shown).toContain('for today (Sun 22 Nov)');
    await ask(t, 'log strategy 3h yesterday', 'U_KIRITIMATI'); // Sunday 22 Nov in Kiritimati: last week

    expect((await storedEntries(t.sql, 'U_KIRITIMATI')).map((r) => [r.local_date, r.time_zone])).toEqual([
      ['2026-11-23', 'Pacific/Kiritimati'],
      ['2026-11-22', 'Pacific/Kiritimati'],
    ]);
    const kWeek = await ask(t, 'week', 'U_KIRITIMATI');
    expect(kWeek.shown).toContain('This week · Mon 23 Nov – Sun 29 Nov');
    expect(kWeek.shown).toContain('*Total:* 1h logged');
    const kLast = await ask(t, 'week last', 'U_KIRITIMATI');
    expect(kLast.shown).toContain('Last week · Mon 16 Nov – Sun 22 Nov');
    expect(kLast.shown).toContain('*Total:* 3h logged');

    const laWeek = await ask(t, 'week', 'U_LOS_ANGELES');
    expect(laWeek.shown).toContain('This week · Mon 16 Nov – Sun 22 Nov');
    expect(laWeek.shown).toContain('*Total:* 2h logged');
  });

  it('refuses tomorrow in Los Angeles even though it is already that date in Kiritimati', async () => {
    const la = await ask(t, 'log coding 1h 2026-11-23', 'U_LOS_ANGELES');
    expect(la.text).toContain('2026-11-23 is in the future (today is 2026-11-22 in your time zone)');
    const k = await ask(t, 'log coding 1h 2026-11-23', 'U_KIRITIMATI');
    expect(k.text).toContain('Logged');
    expect(await storedEntries(t.sql, 'U_LOS_ANGELES')).toHaveLength(0);
  });

  it('keeps history on its local dates when a manager changes time zone', async () => {
    await ask(t, 'log coding 1h', 'U_LOS_ANGELES'); // Sun 22 Nov in Los Angeles
    // A week later Slack reports a new zone; the weekly refresh picks it up.
    t.double.addUser({ id: 'U_LOS_ANGELES', tz: 'Pacific/Kiritimati' });
    t.clock.set('2026-11-29T11:00:00Z'); // Mon 30 Nov 01:00 in Kiritimati
    await ask(t, 'log people 2h', 'U_LOS_ANGELES');
    expect((await storedEntries(t.sql, 'U_LOS_ANGELES')).map((r) => [r.category, r.local_date, r.time_zone])).toEqual([
      ['coding', '2026-11-22', 'America/Los_Angeles'],
      ['people', '2026-11-30', 'Pacific/Kiritimati'],
    ]);
    const lastWeek = await ask(t, 'week last', 'U_LOS_ANGELES');
    expect(lastWeek.shown).toContain('Last week · Mon 23 Nov – Sun 29 Nov');
    expect(lastWeek.shown).toContain('Nothing logged');
    const twoBack = await t.sql.get("SELECT SUM(minutes) AS m FROM time_entries WHERE local_date BETWEEN '2026-11-16' AND '2026-11-22'");
    expect(twoBack).toEqual({ m: 60 });
  });
});
