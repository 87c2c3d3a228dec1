// @engines sqlite postgres
// Two installs (two bot tokens, two workspaces) on one database, and the same Slack user id in both:
// two people. Each install reads, writes, nudges and forgets only its own workspace's rows.
import { fixedClock } from '../../src/core/clock';
import { nudgesJob } from '../../src/features/nudges/job';
import { startTestApp, type TestApp } from '../support/harness';
import { startSlackDouble, type SlackDouble } from '../support/slackDouble';
import { shownText } from '../timelog/helpers';

const SAME_USER = 'U_SAME';

async function count(t: TestApp, sql: string, params: string[] = []): Promise<number> {
  return (await t.sql.get<{ n: number }>(sql, params))?.n ?? -1;
}

describe('two workspaces on one database, the same user id in each', () => {
  let a: TestApp;
  let b: TestApp;
  let doubleB: SlackDouble;

  beforeEach(async () => {
    a = await startTestApp({ users: [{ id: SAME_USER, tz: 'Europe/Berlin' }] });
    doubleB = await startSlackDouble();
    doubleB.teamId = 'T0002';
    b = await startTestApp({ dbPath: a.dbPath, double: doubleB, users: [{ id: SAME_USER, tz: 'Asia/Tokyo' }] });
  });

  afterEach(async () => {
    await b.stop();
    await a.stop();
    await doubleB.stop();
  });

  it('keeps two managers with their own zone, log and week', async () => {
    expect(shownText(await a.commandReply('log coding 2h', { userId: SAME_USER }))).toContain('Logged *coding 2h*');
    expect(shownText(await b.commandReply('log people 45m', { userId: SAME_USER }))).toContain('Logged *people 45m*');

    const managers = await a.sql.all<{ team_id: string; time_zone: string }>('SELECT team_id, time_zone FROM managers WHERE user_id = ? ORDER BY team_id', [SAME_USER]);
    expect(managers).toEqual([
      { team_id: 'T0001', time_zone: 'Europe/Berlin' },
      { team_id: 'T0002', time_zone: 'Asia/Tokyo' },
    ]);
    const weekA = shownText(await a.commandReply('week', { userId: SAME_USER }));
    const weekB = shownText(await b.commandReply('week', { userId: SAME_USER }));
    expect(weekA).toMatch(/2h/);
    expect(weekA).not.toMatch(/45m/);
    expect(weekB).toMatch(/45m/);
    expect(weekB).not.toMatch(/2h/);

    // An undo in one workspace undoes that workspace's last action only.
    expect(shownText(await b.commandReply('undo', { userId: SAME_USER }))).toContain('Removed *people 45m*');
    expect(await count(a, "SELECT COUNT(*) AS n FROM time_entries WHERE team_id = 'T0001'")).toBe(1);
    expect(await count(a, "SELECT COUNT(*) AS n FROM time_entries WHERE team_id = 'T0002'")).toBe(0);
  });

  it("forget-me in one workspace deletes that person's rows only", async () => {
    await a.commandReply('log coding 2h kept-in-a', { userId: SAME_USER });
    await b.commandReply('log people 45m gone-from-b', { userId: SAME_USER });
    const press = b.buttonPayload('time_log_forget_me_confirm', 'confirm', { userId: SAME_USER });
    await b.interact(press);
    const answer = await doubleB.waitFor(() => doubleB.responses.find((r) => press.response_url.endsWith(r.id)));
    expect(shownText(answer.body)).toContain('lead-coach keeps nothing about you now');

    expect(await count(a, 'SELECT COUNT(*) AS n FROM managers WHERE user_id = ?', [SAME_USER])).toBe(1);
    expect(await count(a, "SELECT COUNT(*) AS n FROM time_entries WHERE note = 'kept-in-a'")).toBe(1);
    expect(await count(a, "SELECT COUNT(*) AS n FROM time_entries WHERE note = 'gone-from-b'")).toBe(0);
    expect(shownText(await a.commandReply('week', { userId: SAME_USER }))).toMatch(/2h/);
  });

  it("each install's nudges job works through its own managers only, in their own zone", async () => {
    await a.commandReply('start', { userId: SAME_USER });
    await b.commandReply('start', { userId: SAME_USER });
    const welcomeA = a.double.succeeded('chat.postMessage').length;
    const welcomeB = doubleB.succeeded('chat.postMessage').length;
    expect(welcomeA).toBeGreaterThan(0);
    expect(welcomeB).toBeGreaterThan(0);
    const ledgerOfB = await count(a, "SELECT COUNT(*) AS n FROM deliveries WHERE team_id = 'T0002'");

    // A Berlin working day of ticks of install A only.
    const job = nudgesJob({ backoffMs: 10, staleClaimMs: 2 * 60_000 });
    for (let minutes = 0; minutes <= 12 * 60; minutes += 15) {
      const at = new Date(Date.parse('2026-11-19T06:00:00Z') + minutes * 60_000).toISOString();
      await job.run(new Date(at), { ...a.app.deps, clock: fixedClock(at), client: a.app.bolt.client });
    }

    const sentByA = a.double.succeeded('chat.postMessage').slice(welcomeA);
    expect(sentByA.length).toBeGreaterThan(0);
    expect(new Set(sentByA.map((c) => c.params.channel))).toEqual(new Set([SAME_USER]));
    // Install B's person was neither claimed nor messaged by A's job.
    expect(await count(a, "SELECT COUNT(*) AS n FROM deliveries WHERE team_id = 'T0002'")).toBe(ledgerOfB);
    expect(doubleB.succeeded('chat.postMessage')).toHaveLength(welcomeB);
    // Every nudge A sent fell in the Berlin working day, not Tokyo's (08:00–09:00 Berlin is 16:00–17:00 Tokyo).
    const dueHours = (await a.sql.all<{ due_at: string }>("SELECT due_at FROM deliveries WHERE team_id = 'T0001' AND status = 'sent' AND kind <> 'welcome'")).map(
      (r) => new Date(r.due_at).getUTCHours(),
    );
    expect(dueHours.length).toBeGreaterThan(0);
    for (const hour of dueHours) expect(hour).toBeGreaterThanOrEqual(7);
  });
});

describe('an org-wide (Enterprise Grid) install', () => {
  let t: TestApp;
  let double: SlackDouble;

  beforeEach(async () => {
    double = await startSlackDouble();
    double.enterpriseId = 'E0001';
    double.enterpriseInstall = true;
    t = await startTestApp({ double, users: [{ id: 'W_ORG_USER', tz: 'Europe/Berlin' }] });
  });

  afterEach(async () => {
    await t.stop();
    await double.stop();
  });

  /** A /lead command from one workspace of an org, as Slack sends it for an org-wide install. */
  let sent = 0;
  async function orgCommand(text: string, teamId: string, enterpriseId: string): Promise<string> {
    const responseId = `org${++sent}`;
    const fields = new URLSearchParams(t.commandBody(text, { userId: 'W_ORG_USER', teamId }, responseId));
    fields.set('enterprise_id', enterpriseId);
    fields.set('is_enterprise_install', 'true');
    const answer = await t.postSigned(fields.toString(), 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(200);
    if (answer.body.trim().startsWith('{')) return shownText(JSON.parse(answer.body) as Record<string, unknown>);
    return shownText((await double.waitFor(() => double.responses.find((r) => r.id === responseId))).body);
  }

  it("keys the org's people by the org id, whichever of its workspaces they write from, and refuses another org", async () => {
    expect(await orgCommand('log coding 1h', 'T_ORG_A', 'E0001')).toContain('Logged *coding 1h*');
    expect(await orgCommand('log people 30m', 'T_ORG_B', 'E0001')).toContain('Logged *people 30m*');
    expect(await t.sql.all('SELECT team_id, user_id FROM managers')).toEqual([{ team_id: 'E0001', user_id: 'W_ORG_USER' }]);
    expect(await count(t, "SELECT COUNT(*) AS n FROM time_entries WHERE team_id = 'E0001'")).toBe(2);

    expect(await orgCommand('log coding 1h', 'T_ORG_A', 'E_OTHER')).toContain('installed for a different Slack workspace');
    expect(await count(t, 'SELECT COUNT(*) AS n FROM time_entries')).toBe(2);
  });
});

describe('learning the workspace at start', () => {
  it('rides out Slack dropping auth.test a few times, then serves the workspace it names', async () => {
    const double = await startSlackDouble();
    double.fault('auth.test', { kind: 'reset' }, { times: 4 });
    const t = await startTestApp({ double });
    try {
      expect(double.callsTo('auth.test').filter((c) => c.error === 'connection_reset')).toHaveLength(4);
      expect(t.logs.lines.some((l) => l.msg === 'auth.test failed: asking Slack again which workspace this install serves')).toBe(true);
      expect(t.logs.lines.find((l) => l.msg === 'serving workspace')).toMatchObject({ workspace: 'T0001' });
      expect(shownText(await t.commandReply('log coding 1h'))).toContain('Logged *coding 1h*');
    } finally {
      await t.stop();
      await double.stop();
    }
  });
});
