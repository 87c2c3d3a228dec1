import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openDatabase } from '../../src/core/db/connection';
import { runMigrations } from '../../src/core/db/migrations';
import { createSqliteTransactor } from '../../src/core/db/transactions';
import { fixedWorkspace } from '../../src/core/workspace';
import { TEST_TEAM_ID } from '../support/slackDouble';
import { createRepositories } from '../../src/repositories';
import { DELIVERY_DEFAULTS } from '../../src/core/delivery/delivery';
import { PROJECT_ROOT } from '../../src/core/paths';
import { runCli, type CliRun } from '../support/cli';
import { startSlackDouble, type SlackDouble } from '../support/slackDouble';
import { sqliteDatabase } from '../../src/core/db/sqlite';

jest.setTimeout(120_000);

const MANAGERS = 400;

/**
 * Runs `lead-coach run-job ...` as a real child process from the TypeScript sources (transpiled on
 * require), so the test does not depend on a fresh `dist/` build.
 */
function writeLauncher(dir: string): string {
  const launcher = path.join(dir, 'lead-coach-from-source.js');
  fs.writeFileSync(
    launcher,
    `const ts = require(${JSON.stringify(require.resolve('typescript'))});
const fs = require('node:fs');
require.extensions['.ts'] = (module, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(out.outputText, filename);
};
require(${JSON.stringify(path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts'))}).main(process.argv.slice(2)).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (err) => { process.stderr.write(String(err && err.stack || err) + '\\n'); process.exit(1); },
);
`,
  );
  return launcher;
}

describe('lead-coach run-job nudges as a process: crash and restart, re-run, bad arguments', () => {
  let double: SlackDouble;
  let dir: string;
  let dbPath: string;
  let launcher: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    double = await startSlackDouble();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-crash-'));
    dbPath = path.join(dir, 'lead-coach.db');
    launcher = writeLauncher(dir);
    env = {
      SLACK_BOT_TOKEN: 'xoxb-crash-test',
      SLACK_SIGNING_SECRET: 'crash-test-secret',
      SLACK_API_URL: double.apiUrl,
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'warn',
    };
    const db = openDatabase(dbPath);
    runMigrations(db);
    const repos = createRepositories(sqliteDatabase(db), fixedWorkspace(TEST_TEAM_ID));
    await createSqliteTransactor(db).transaction(async () => {
      for (let i = 0; i < MANAGERS; i++) {
        const userId = `U${String(i).padStart(5, '0')}`;
        await repos.managers.enrol({ userId, timeZone: 'Europe/Berlin', enrolledAt: new Date('2026-11-16T07:00:00Z') });
        await repos.managers.startCoaching(userId, new Date('2026-11-16T07:00:00Z'));
      }
    });
    db.close();
  });
  afterAll(async () => {
    await double.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function start(args: string[], onSpawn?: (kill: () => void) => void): Promise<CliRun> {
    return runCli(args, env, { entry: launcher, onSpawn });
  }

  function dmCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of double.succeeded('chat.postMessage')) counts.set(String(c.params.channel), (counts.get(String(c.params.channel)) ?? 0) + 1);
    return counts;
  }

  it('SIGKILL in the middle of a large tick, then a restart: nothing lost, nothing twice', async () => {
    // Each DM takes ~25 ms at the double, so the tick lasts well over a second.
    double.always('chat.postMessage', async (params) => {
      await new Promise((r) => setTimeout(r, 25));
      return { ok: true, channel: params.channel, ts: `${Date.now() / 1000}` };
    });
    const killed = await start(['run-job', 'nudges', '--at', '2026-11-16T08:00:00Z'], (kill) => {
      // A tick that ends before 120 DMs is not killed, and the signal check below says so (no stray rejection).
      void double.waitFor(() => double.succeeded('chat.postMessage').length >= 120, 60_000).then(kill, () => undefined);
    });
    expect(killed.signal).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 300)); // answers to requests already sent still land at the double
    const deliveredBeforeRestart = dmCounts();
    expect(deliveredBeforeRestart.size).toBeGreaterThanOrEqual(120);
    expect(deliveredBeforeRestart.size).toBeLessThan(MANAGERS);
    const db = openDatabase(dbPath);
    const claimed = (db.prepare("SELECT user_id FROM deliveries WHERE status = 'claimed'").all() as Array<{ user_id: string }>).map((r) => r.user_id);
    db.close();
    // Only messages in flight at the kill are claimed without an outcome.
    expect(claimed.length).toBeGreaterThan(0);
    expect(claimed.length).toBeLessThanOrEqual(DELIVERY_DEFAULTS.concurrency);

    // Restart three minutes later (past the claim lease, inside the same working day).
    const restarted = await start(['run-job', 'nudges', '--at', '2026-11-16T08:03:00Z']);
    expect(restarted.stderr).not.toMatch(/error/i);
    expect(restarted.code).toBe(0);
    // Enrolled that morning: the README comes with the Monday nudge, as one DM under one key.
    // Each claim the killed run left is either found in the DM (it had reached Slack) or sent now.
    expect(restarted.stdout).toMatch(
      /(re-sent nudges:U\d{5}:2026-11-16T08:00:00\.000Z:no-code-block\+manager-readme \(claimed by a run that stopped\)|recorded nudges:U\d{5}:2026-11-16T08:00:00\.000Z:no-code-block\+manager-readme: already in the DM from an earlier try, not sent again)/,
    );

    const counts = dmCounts();
    expect(counts.size).toBe(MANAGERS); // nothing lost
    // Not even the messages in flight at the kill arrive twice: those that had reached Slack are found by their metadata.
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
    const after = openDatabase(dbPath);
    expect(after.prepare('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status').all()).toEqual([{ status: 'sent', n: MANAGERS }]);
    after.close();

    // A re-run of the same --at sends nothing more.
    const before = double.succeeded('chat.postMessage').length;
    const rerun = await start(['run-job', 'nudges', '--at', '2026-11-16T08:03:00Z']);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('nudges at 2026-11-16T08:03:00.000Z: 0 thing(s) done');
    expect(double.succeeded('chat.postMessage')).toHaveLength(before);
  });

  it.each([
    [['run-job', 'nudges'], '--at is required'],
    [['run-job', 'nudges', '--at', 'next monday'], '--at "next monday" is not an ISO-8601 instant with a zone'],
    [['run-job', 'nudges', '--at', '2026-11-16T09:00'], 'is not an ISO-8601 instant with a zone'],
    [['run-job', 'nudges', '--at', '2026-13-40T09:00:00Z'], 'is not an ISO-8601 instant'],
    [['run-job', 'nudgez', '--at', '2026-11-16T09:00:00Z'], 'unknown job "nudgez"; jobs are:'],
    [['run-job'], 'which job?'],
  ])('`lead-coach %j` exits 2 with one clear line', async (args, problem) => {
    const run = await start(args);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(problem);
    expect(run.stdout).toBe('');
  });
});
