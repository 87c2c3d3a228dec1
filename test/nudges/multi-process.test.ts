// @engines sqlite postgres
import { DELIVERY_DEFAULTS } from '../../src/core/delivery/delivery';
import type { Database } from '../../src/core/db/database';
import { fixedWorkspace } from '../../src/core/workspace';
import { TEST_TEAM_ID } from '../support/slackDouble';
import { createRepositories } from '../../src/repositories';
import { ensureBuilt, runCli, type CliRun } from '../support/cli';
import { freshDatabase, isPostgresLocator, type DatabaseLocator } from '../support/database';
import { startSlackDouble, type SlackDouble } from '../support/slackDouble';

jest.setTimeout(240_000);

const MANAGERS = 500;
const PROCESSES = 3;
const TICK = '2026-11-16T08:00:00Z';
/** A later tick of a surviving process, past the stale-claim window (2 minutes), same working morning. */
const NEXT_TICK = '2026-11-16T08:03:00Z';

/**
 * Several lead-coach processes on one database (PostgreSQL in the PostgreSQL run, one SQLite file
 * otherwise), each ticking the nudges job for the same minute, as the schedulers of two or more
 * replicas do. One is killed in the middle of sending.
 */
describe('several processes, one database: every due nudge is sent once', () => {
  let double: SlackDouble;
  let db: Database;
  let locator: DatabaseLocator;
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    double = await startSlackDouble();
    ({ db, locator } = await freshDatabase());
    const repos = createRepositories(db, fixedWorkspace(TEST_TEAM_ID));
    const at = new Date('2026-11-16T07:00:00Z');
    await db.transaction(async () => {
      for (let i = 0; i < MANAGERS; i++) {
        const userId = `U${String(i).padStart(5, '0')}`;
        await repos.managers.enrol({ userId, timeZone: 'Europe/Berlin', enrolledAt: at });
        await repos.managers.startCoaching(userId, at);
      }
    });
    env = {
      SLACK_BOT_TOKEN: 'xoxb-multi-process-next',
      SLACK_SIGNING_SECRET: 'multi-process-secret',
      SLACK_API_URL: double.apiUrl,
      LOG_LEVEL: 'warn',
      ...(isPostgresLocator(locator) ? { DATABASE_URL: locator } : { DATABASE_PATH: locator }),
    };
  });
  afterAll(async () => {
    await db.close();
    await double.stop();
  });

  function dmCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of double.succeeded('chat.postMessage')) counts.set(String(c.params.channel), (counts.get(String(c.params.channel)) ?? 0) + 1);
    return counts;
  }

  it(`${PROCESSES} processes tick the same minute with ${MANAGERS} managers due, one is killed mid-tick: 0 lost, 0 duplicated`, async () => {
    // Each DM takes ~20 ms at the double, so the tick lasts seconds and the kill lands mid-send.
    double.always('chat.postMessage', async (params) => {
      await new Promise((r) => setTimeout(r, 20));
      return { ok: true, channel: params.channel, ts: `${Date.now() / 1000}` };
    });
    // Each process has its own token, so the double tells whose DMs arrive. The first starts alone and the others join
    // once it is sending, so it is mid-send whatever the machine's start-up times; it is killed once it has sent 40.
    const tokenOf = (p: number) => `xoxb-multi-process-${p}`;
    const sentBy = (p: number) => double.succeeded('chat.postMessage').filter((c) => c.token === tokenOf(p)).length;
    const tick = (p: number, onSpawn?: (kill: () => void) => void) =>
      runCli(['run-job', 'nudges', '--at', TICK], { ...env, SLACK_BOT_TOKEN: tokenOf(p) }, { onSpawn });
    const startedSending = (p: number, count: number) => double.waitFor(() => sentBy(p) >= count, 120_000).then(() => true, () => false);
    const runs: Array<Promise<CliRun>> = [
      tick(0, (kill) => void startedSending(0, 40).then((sending) => sending && kill())),
    ];
    const firstSending = startedSending(0, 1);
    for (let p = 1; p < PROCESSES; p++) runs.push(firstSending.then(() => tick(p)));
    const [killed, ...survivors] = await Promise.all(runs);
    expect(killed?.signal).toBe('SIGKILL');
    for (const run of survivors) {
      expect(run.stderr).not.toMatch(/error/i);
      expect(run.code).toBe(0);
    }
    await new Promise((r) => setTimeout(r, 300)); // answers to requests already sent still land at the double

    // What the killed process held: claims without an outcome, at most its sending concurrency.
    const inFlight = (await db.all<{ user_id: string }>("SELECT user_id FROM deliveries WHERE status = 'claimed' ORDER BY user_id")).map((r) => r.user_id);
    expect(inFlight.length).toBeGreaterThan(0); // the kill did land mid-send
    expect(inFlight.length).toBeLessThanOrEqual(DELIVERY_DEFAULTS.concurrency);
    const sentByKilled = sentBy(0);
    const beforeTakeover = dmCounts();
    // The survivors shared the tick: together they sent to everyone but the killed process's in-flight claims.
    expect(beforeTakeover.size).toBeGreaterThanOrEqual(MANAGERS - inFlight.length);
    const sentBySurvivors = survivors.map((run) => Number(/sent=(\d+)/.exec(run.stdout)?.[1] ?? 0));

    // The next tick of a surviving process takes the stale claims over.
    const next = await runCli(['run-job', 'nudges', '--at', NEXT_TICK], env);
    expect(next.code).toBe(0);
    const counts = dmCounts();
    expect(counts.size).toBe(MANAGERS); // nothing lost
    // A claim whose DM had reached Slack before the kill is found in the DM by its metadata and recorded, not sent again.
    const duplicated = [...counts.entries()].filter(([, n]) => n > 1).map(([userId]) => userId);
    expect(duplicated).toEqual([]);
    const recovered = next.stdout.split('\n').filter((line) => line.includes('already in the DM from an earlier try, not sent again')).length;
    const resent = next.stdout.split('\n').filter((line) => line.includes('claimed by a run that stopped')).length;
    expect(recovered + resent).toBe(inFlight.length);
    expect(double.succeeded('conversations.history').length).toBeGreaterThanOrEqual(inFlight.length);
    expect(await db.all('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status')).toEqual([{ status: 'sent', n: MANAGERS }]);

    // Figures for the README (engine, split of the work, duplicates).
    console.log(
      `multi-process (${isPostgresLocator(locator) ? 'PostgreSQL' : 'SQLite'}): ${MANAGERS} due, ${PROCESSES} processes, ` +
        `killed one sent ${sentByKilled} and held ${inFlight.length} in flight, survivors sent ${sentBySurvivors.join(' + ')}, ` +
        `taken over next tick: ${recovered} found already delivered in the DM, ${resent} sent, duplicates ${duplicated.length}, lost ${MANAGERS - counts.size}`,
    );

    // Another tick of every process for the same minutes sends nothing more.
    const delivered = double.succeeded('chat.postMessage').length;
    await Promise.all([TICK, NEXT_TICK, NEXT_TICK].map((at) => runCli(['run-job', 'nudges', '--at', at], env)));
    expect(double.succeeded('chat.postMessage')).toHaveLength(delivered);
  });
});
