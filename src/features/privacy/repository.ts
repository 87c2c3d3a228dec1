import type { SqlDatabase } from '../../core/db/sql';
import { clearPayloadsMentioning } from '../../core/delivery/repository';
import type { Workspace } from '../../core/workspace';
import type { DeletedRows, PersonalDataCounts } from './entities';

export interface PersonalDataRepository {
  /** Rows per table that belong to the user (tables without any are left out). */
  count(userId: string): Promise<PersonalDataCounts>;
  /**
   * Deletes every row about the user, their manager record last, in one transaction. Counts are
   * taken first, so rows that a cascade removes along with another table's row are still counted.
   */
  deleteAll(userId: string): Promise<DeletedRows>;
}

/**
 * Everything stored about one Slack user, across every table with a `user_id` column or a column
 * referencing managers, so that tables added by later migrations are covered without changes here.
 * Every such table also has `team_id`: only the user's rows in this workspace are counted or deleted.
 */
export function createPersonalDataRepository(db: SqlDatabase, workspace: Workspace): PersonalDataRepository {
  /** Each table with its columns that hold a user id: `user_id`, or any column referencing managers. */
  async function personalColumns(): Promise<Array<{ table: string; columns: string[] }>> {
    const found = db.engine === 'sqlite' ? await sqliteUserColumns() : await postgresUserColumns();
    const byTable = new Map<string, Set<string>>();
    for (const { table, column } of found) {
      // team_id is half of every key to managers; it names the workspace, not the person.
      if (table === 'managers' || table === 'schema_migrations' || column === 'team_id') continue;
      const columns = byTable.get(table) ?? new Set<string>();
      columns.add(column);
      byTable.set(table, columns);
    }
    return [...byTable.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([table, columns]) => ({ table, columns: [...columns].sort() }));
  }

  async function sqliteUserColumns(): Promise<Array<{ table: string; column: string }>> {
    const tables = await db.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    const out: Array<{ table: string; column: string }> = [];
    for (const { name: table } of tables) {
      const literal = `'${table.replace(/'/g, "''")}'`;
      for (const c of await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${literal})`)) {
        if (c.name === 'user_id') out.push({ table, column: c.name });
      }
      for (const fk of await db.all<{ table: string; from: string }>(`SELECT "table", "from" FROM pragma_foreign_key_list(${literal})`)) {
        if (fk.table === 'managers') out.push({ table, column: fk.from });
      }
    }
    return out;
  }

  function postgresUserColumns(): Promise<Array<{ table: string; column: string }>> {
    return db.all<{ table: string; column: string }>(
      `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = 'user_id'
       UNION
       SELECT rel.relname AS "table", att.attname AS "column"
       FROM pg_constraint con
       JOIN pg_class rel ON rel.oid = con.conrelid
       JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
       WHERE con.contype = 'f' AND con.confrelid = to_regclass('managers')`,
    );
  }

  function whereUser(columns: string[]): string {
    return `team_id = @team AND (${columns.map((c) => `${quoted(c)} = @userId`).join(' OR ')})`;
  }

  function quoted(table: string): string {
    return `"${table.replace(/"/g, '""')}"`;
  }

  /** Rows per table that belong to the user (tables without any are left out). */
  async function countFor(userId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { table, columns } of await personalColumns()) {
      const row = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoted(table)} WHERE ${whereUser(columns)}`, { userId, team: workspace.id });
      if (row && row.n > 0) counts[table] = row.n;
    }
    return counts;
  }

  /** Every row about the user, and the stored messages of others that mention them, in one transaction. */
  function deleteEverywhere(userId: string): Promise<DeletedRows> {
    return db.transaction(async () => {
      const byTable = await countFor(userId);
      for (const { table, columns } of await personalColumns()) {
        await db.run(`DELETE FROM ${quoted(table)} WHERE ${whereUser(columns)}`, { userId, team: workspace.id });
      }
      const managerRecord = (await db.run('DELETE FROM managers WHERE user_id = ? AND team_id = ?', [userId, workspace.id])).changes === 1;
      // The cohort channel setting stays (it is the workspace's), but not the id of who set it.
      const setBy = (await db.run('UPDATE summary_settings SET set_by = NULL WHERE set_by = ? AND team_id = ?', [userId, workspace.id])).changes;
      if (setBy > 0) byTable.summary_settings = setBy;
      // Cohort posts and others' messages that mention the user keep their ledger row (it is what
      // prevents a second send) but lose the stored message.
      await clearPayloadsMentioning(db, workspace, userId);
      return { byTable, managerRecord };
    });
  }

  return {
    count: countFor,
    /**
     * Deletes every row about the user, their manager record last, in one transaction, then makes
     * sure neither file keeps the deleted text (SQLite: WAL checkpoint). Counts are taken first, so
     * rows that a cascade removes along with another table's row are still counted.
     */
    async deleteAll(userId: string): Promise<DeletedRows> {
      const deleted = await deleteEverywhere(userId);
      await db.afterDeletion();
      return deleted;
    },
  };
}
