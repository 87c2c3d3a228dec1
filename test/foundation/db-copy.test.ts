// @engines sqlite postgres
// Runs its PostgreSQL part only in the PostgreSQL half of `npm test` (a server is needed).
import { openDatabase } from '../../src/core/db/connection';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { createLogger } from '../../src/core/logger';
import { postgresDatabase } from '../../src/core/db/postgres';
import { ensureBuilt, runCli } from '../support/cli';
import { emptyPostgresDatabase, tempDbPath, testEngine } from '../support/database';
import { startTestApp } from '../support/harness';

const postgresOnly = testEngine() === 'postgres' ? describe : describe.skip;

/** A SQLite install a manager has used for a while: coaching on, a logged week, a 1:1 with an agenda, FAQ questions. */
async function usedSqliteInstall(): Promise<string> {
  const dbPath = tempDbPath();
  const t = await startTestApp({ dbPath });
  try {
    await t.commandReply('start');
    for (const line of ['log coding 90m reviewing PRs', 'log people 1h with Sam', 'log firefighting 30m yesterday outage']) {
      await t.commandReply(line);
    }
    await t.commandReply('1on1 add <@U_REPORT1|sam> tuesday 10:00 weekly');
    await t.commandReply('1on1 note <@U_REPORT1|sam> talk about the on-call rota');
    await t.commandReply('faq how do I run a good 1:1?');
    await t.commandReply('targets coding 10-20');
  } finally {
    await t.stop();
  }
  return dbPath;
}

async function countsOf(locator: string): Promise<Record<string, number>> {
  const db = locator.startsWith('postgres') ? postgresDatabase({ url: locator, logger: createLogger('silent'), poolSize: 1 }) : sqliteDatabase(openDatabase(locator));
  try {
    const tables = ['managers', 'time_entries', 'one_on_ones', 'agenda_items', 'faq_questions', 'manager_targets', 'deliveries', 'summary_settings'];
    const out: Record<string, number> = {};
    for (const table of tables) out[table] = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? -1;
    return out;
  } finally {
    await db.close();
  }
}

postgresOnly('lead-coach db copy (SQLite to PostgreSQL)', () => {
  beforeAll(() => ensureBuilt());

  it('copies every table of a used install, reports matching counts, and the bot reads the same log from PostgreSQL', async () => {
    const source = await usedSqliteInstall();
    const target = await emptyPostgresDatabase('lc_copy');
    const run = await runCli(['db', 'copy', '--from', `sqlite:${source}`, '--to', target], {});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/time_entries\s+3\n/);
    expect(run.stdout).toMatch(/Copied \d+ row\(s\) in \d+ tables from SQLite .* to PostgreSQL 127\.0\.0\.1:\d+\/lc_copy_\w+; every table's row count matches/);

    const before = await countsOf(source);
    expect(before.time_entries).toBe(3);
    expect(before.agenda_items).toBe(1);
    expect(await countsOf(target)).toEqual(before);

    // The same manager, now on PostgreSQL: the week, and new entries get fresh ids after the copied ones.
    const t = await startTestApp({ dbPath: target });
    try {
      const week = JSON.stringify(await t.commandReply('week'));
      expect(week).toContain('coding');
      expect(week).toContain('1h 30m');
      await t.commandReply('log strategy 45m roadmap');
      const ids = await t.sql.all<{ id: number }>('SELECT id FROM time_entries ORDER BY id');
      expect(ids.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    } finally {
      await t.stop();
    }
  });

  it('refuses to write into a database that already holds data, and changes nothing there', async () => {
    const source = await usedSqliteInstall();
    const target = await emptyPostgresDatabase('lc_copy');
    expect((await runCli(['db', 'copy', '--from', `sqlite:${source}`, '--to', target], {})).code).toBe(0);
    const copied = await countsOf(target);
    const again = await runCli(['db', 'copy', '--from', `sqlite:${source}`, '--to', target], {});
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^db copy refused: The target is not empty: table \w+ holds \d+ row\(s\)\. Copy into a new, empty database\.\n$/);
    expect(await countsOf(target)).toEqual(copied);
  });

});

describe('lead-coach db copy arguments', () => {
  beforeAll(() => ensureBuilt());

  it('explains a malformed --from or --to (exit 2)', async () => {
    const run = await runCli(['db', 'copy', '--from', './data/lead-coach.db', '--to', 'postgres://x@127.0.0.1/y'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--from must be sqlite:<file> or a postgres:\/\/ URL\. Usage: lead-coach db copy/);
  });
});
