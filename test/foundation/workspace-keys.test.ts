// @engines sqlite postgres
// Migration 015 (SQLite) / postgres/002: every stored row is keyed by workspace and user. Checked
// on this run's engine: the shape of the keys, an existing install's rows carried over under its
// team, and rows no manager's team could be inferred for adopted by the first install to start.
import fs from 'node:fs';
import path from 'node:path';

import { openDatabase } from '../../src/core/db/connection';
import type { Database } from '../../src/core/db/database';
import { migrateDatabase, migrationsDirFor, readMigrations } from '../../src/core/db/migrations';
import { postgresDatabase } from '../../src/core/db/postgres';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { createLogger } from '../../src/core/logger';
import { adoptUnkeyedRows, fixedWorkspace } from '../../src/core/workspace';
import { createRepositories } from '../../src/repositories';
import { emptyPostgresDatabase, freshDatabase, tempDbPath, tempDir, testEngine } from '../support/database';

/** Each foreign key to managers, as the list of its columns. */
async function keysToManagers(db: Database): Promise<Array<{ table: string; columns: string[] }>> {
  if (db.engine === 'sqlite') {
    const tables = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    const out: Array<{ table: string; columns: string[] }> = [];
    for (const { name } of tables) {
      const rows = await db.all<{ id: number; table: string; from: string }>(`SELECT id, "table", "from" FROM pragma_foreign_key_list('${name}') ORDER BY id, seq`);
      const byKey = new Map<number, string[]>();
      for (const r of rows.filter((row) => row.table === 'managers')) byKey.set(r.id, [...(byKey.get(r.id) ?? []), r.from]);
      for (const columns of byKey.values()) out.push({ table: name, columns: columns.sort() });
    }
    return out;
  }
  const rows = await db.all<{ table: string; columns: string }>(
    `SELECT rel.relname AS "table", string_agg(att.attname, ',' ORDER BY att.attname) AS columns
     FROM pg_constraint con
     JOIN pg_class rel ON rel.oid = con.conrelid
     JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
     WHERE con.contype = 'f' AND con.confrelid = to_regclass('managers')
     GROUP BY con.oid, rel.relname ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ table: r.table, columns: r.columns.split(',') }));
}

/** Tables with a column naming a Slack user (user_id, manager_id), and whether they have team_id. */
async function userTables(db: Database): Promise<Array<{ table: string; hasTeam: boolean }>> {
  const columns =
    db.engine === 'sqlite'
      ? await db.all<{ table: string; column: string }>(
          `SELECT m.name AS "table", p.name AS "column" FROM sqlite_master m JOIN pragma_table_info(m.name) p
           WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
        )
      : await db.all<{ table: string; column: string }>(
          `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns WHERE table_schema = current_schema()`,
        );
  const byTable = new Map<string, Set<string>>();
  for (const c of columns) byTable.set(c.table, (byTable.get(c.table) ?? new Set()).add(c.column));
  return [...byTable.entries()]
    .filter(([, cols]) => cols.has('user_id') || cols.has('manager_id'))
    .map(([table, cols]) => ({ table, hasTeam: cols.has('team_id') }))
    .sort((x, y) => x.table.localeCompare(y.table));
}

/** A database with the migrations before the workspace keys applied, on this run's engine. */
async function databaseBeforeWorkspaceKeys(): Promise<Database> {
  const engine = testEngine();
  const dir = tempDir('lead-coach-before-workspace-keys-');
  const before = engine === 'sqlite' ? 15 : 2;
  for (const m of readMigrations(migrationsDirFor(engine)).filter((f) => f.version < before)) fs.writeFileSync(path.join(dir, m.name), m.sql);
  const db =
    engine === 'sqlite'
      ? sqliteDatabase(openDatabase(tempDbPath()))
      : postgresDatabase({ url: await emptyPostgresDatabase('lc_keys'), logger: createLogger('silent'), poolSize: 2 });
  await migrateDatabase(db, dir);
  return db;
}

const AT = '2026-11-18T10:00:00.000Z';

describe('rows keyed by workspace and user', () => {
  it('every table that names a Slack user carries team_id, and every key to managers is (team_id, user)', async () => {
    const { db } = await freshDatabase();
    try {
      const tables = await userTables(db);
      expect(tables.length).toBeGreaterThan(15);
      expect(tables.filter((t) => !t.hasTeam)).toEqual([]);
      const keys = await keysToManagers(db);
      expect(keys.length).toBeGreaterThan(15);
      for (const key of keys) {
        expect({ table: key.table, columns: key.columns }).toEqual({ table: key.table, columns: ['team_id', key.columns.includes('manager_id') ? 'manager_id' : 'user_id'].sort() });
      }
    } finally {
      await db.close();
    }
  });

  it("carries an existing install's rows over under its team, keeps their links, and cascades per workspace", async () => {
    const db = await databaseBeforeWorkspaceKeys();
    try {
      for (const userId of ['U1', 'U2']) await db.run('INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, ?, ?)', [userId, 'T_OLD', AT]);
      await db.run(
        "INSERT INTO time_entries (user_id, category, minutes, local_date, time_zone, source, created_at, request_key) VALUES ('U1', 'coding', 60, '2026-11-18', 'UTC', 'command', ?, 'trigger-1')",
        [AT],
      );
      await db.run("INSERT INTO deliveries (key, user_id, kind, due_at, status, payload) VALUES ('nudge:x:U1:2026-11-18', 'U1', 'x', ?, 'sent', 'hello')", [AT]);
      await db.run("INSERT INTO deliveries (key, user_id, kind, due_at, status) VALUES ('weekly-summary:cohort:2026-11-09', NULL, 'weekly-summary', ?, 'sent')", [AT]);
      await db.run("INSERT INTO nudge_responses (key, user_id, response, responded_at) VALUES ('nudge:x:U1:2026-11-18', 'U1', 'done', ?)", [AT]);
      await db.run(
        "INSERT INTO one_on_ones (manager_id, report_user_id, weekday, local_time, cadence, anchor_date, created_at) VALUES ('U1', 'U_R', 4, '15:00', 'weekly', '2026-11-19', ?)",
        [AT],
      );
      const oneOnOne = await db.get<{ id: number }>('SELECT id FROM one_on_ones');
      await db.run("INSERT INTO agenda_items (one_on_one_id, manager_id, text, created_at) VALUES (?, 'U1', 'promotion case', ?)", [oneOnOne?.id ?? -1, AT]);
      await db.run("INSERT INTO coaching_invitations (user_id, team_id, channel_id, invited_at) VALUES ('U9', 'T_OLD', 'C1', ?)", [AT]);
      await db.run("INSERT INTO deliveries (key, user_id, kind, due_at, status) VALUES ('invite:U9', NULL, 'invitation', ?, 'sent')", [AT]);
      await db.run("UPDATE summary_settings SET channel_id = 'C_COHORT', version = 1");
      await db.run("INSERT INTO workspace_holidays (date, name, added_by, added_at) VALUES ('2026-12-25', 'Christmas', 'U1', ?)", [AT]);

      await migrateDatabase(db);

      const teams = async (table: string) => (await db.all<{ team_id: string }>(`SELECT DISTINCT team_id FROM ${table}`)).map((r) => r.team_id);
      for (const table of ['managers', 'time_entries', 'deliveries', 'nudge_responses', 'one_on_ones', 'agenda_items', 'coaching_invitations', 'summary_settings', 'workspace_holidays']) {
        expect({ table, teams: await teams(table) }).toEqual({ table, teams: ['T_OLD'] });
      }
      // The install reads its rows through the repositories as before.
      const repos = createRepositories(db, fixedWorkspace('T_OLD'));
      expect((await repos.timeEntries.list('U1')).map((e) => e.minutes)).toEqual([60]);
      expect((await repos.summary.settings()).channelId).toBe('C_COHORT');
      expect((await repos.oneOnOnes.openItems(oneOnOne?.id ?? -1)).map((i) => i.text)).toEqual(['promotion case']);
      expect(await createRepositories(db, fixedWorkspace('T_NEW')).timeEntries.list('U1')).toEqual([]);

      // The same user id enrols in another workspace: deleting one manager cascades through that workspace's rows only.
      await createRepositories(db, fixedWorkspace('T_NEW')).managers.enrol({ userId: 'U1', timeZone: 'UTC', enrolledAt: new Date(AT) });
      await db.run("INSERT INTO time_entries (team_id, user_id, category, minutes, local_date, time_zone, source, created_at) VALUES ('T_NEW', 'U1', 'people', 30, '2026-11-18', 'UTC', 'command', ?)", [AT]);
      expect(await repos.managers.delete('U1')).toBe(true);
      expect(await db.all('SELECT team_id, minutes FROM time_entries ORDER BY team_id')).toEqual([{ team_id: 'T_NEW', minutes: 30 }]);
      expect(await db.get("SELECT COUNT(*) AS n FROM agenda_items")).toEqual({ n: 0 });
      expect(await db.get("SELECT COUNT(*) AS n FROM nudge_responses")).toEqual({ n: 0 });
      // The invitation's delivery goes with the invitation, in its own workspace.
      await db.run("DELETE FROM coaching_invitations WHERE team_id = 'T_OLD' AND user_id = 'U9'");
      expect(await db.get("SELECT COUNT(*) AS n FROM deliveries WHERE key = 'invite:U9'")).toEqual({ n: 0 });
    } finally {
      await db.close();
    }
  });

  it('rows of a database without managers wait under no team, and the first install to start adopts them', async () => {
    const db = await databaseBeforeWorkspaceKeys();
    try {
      await db.run("UPDATE summary_settings SET channel_id = 'C_EARLY', set_by = 'U_ADMIN', version = 1");
      await db.run("INSERT INTO workspace_holidays (date, name, added_by, added_at) VALUES ('2026-12-25', 'Christmas', 'U_ADMIN', ?)", [AT]);
      await migrateDatabase(db);
      expect(await db.all('SELECT team_id, channel_id FROM summary_settings')).toEqual([{ team_id: '', channel_id: 'C_EARLY' }]);

      expect(await adoptUnkeyedRows(db, fixedWorkspace('T_FIRST'))).toBe(2);
      expect(await adoptUnkeyedRows(db, fixedWorkspace('T_SECOND'))).toBe(0);
      expect((await createRepositories(db, fixedWorkspace('T_FIRST')).summary.settings()).channelId).toBe('C_EARLY');
      expect((await createRepositories(db, fixedWorkspace('T_SECOND')).summary.settings()).channelId).toBeNull();
    } finally {
      await db.close();
    }
  });
});
