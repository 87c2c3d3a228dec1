import { checkpointAfterDeletion, type Db } from '../../core/db/connection';
import { clearPayloadsMentioning } from '../../core/delivery/repository';
import { behindGate } from '../../core/db/transactions';
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
 */
export function createPersonalDataRepository(db: Db): PersonalDataRepository {
  /** Each table with its columns that hold a user id: `user_id`, or any column referencing managers. */
  function personalColumns(): Array<{ table: string; columns: string[] }> {
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('managers', 'schema_migrations') ORDER BY name",
      )
      .all()
      .map((t) => t.name);
    const out: Array<{ table: string; columns: string[] }> = [];
    for (const table of tables) {
      const literal = `'${table.replace(/'/g, "''")}'`;
      const columns = new Set<string>();
      for (const c of db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info(${literal})`).all()) {
        if (c.name === 'user_id') columns.add(c.name);
      }
      for (const fk of db.prepare<[], { table: string; from: string }>(`SELECT "table", "from" FROM pragma_foreign_key_list(${literal})`).all()) {
        if (fk.table === 'managers') columns.add(fk.from);
      }
      if (columns.size > 0) out.push({ table, columns: [...columns] });
    }
    return out;
  }

  function whereUser(columns: string[]): string {
    return columns.map((c) => `${quoted(c)} = @userId`).join(' OR ');
  }

  function quoted(table: string): string {
    return `"${table.replace(/"/g, '""')}"`;
  }

  /** Rows per table that belong to the user (tables without any are left out). */
  function countFor(userId: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { table, columns } of personalColumns()) {
      const row = db
        .prepare<{ userId: string }, { n: number }>(`SELECT COUNT(*) AS n FROM ${quoted(table)} WHERE ${whereUser(columns)}`)
        .get({ userId });
      if (row && row.n > 0) counts[table] = row.n;
    }
    return counts;
  }

  /** Every row about the user, and the stored messages of others that mention them, in one transaction. */
  const deleteEverywhere = db.transaction((userId: string): DeletedRows => {
    const byTable = countFor(userId);
    for (const { table, columns } of personalColumns()) {
      db.prepare(`DELETE FROM ${quoted(table)} WHERE ${whereUser(columns)}`).run({ userId });
    }
    const managerRecord = db.prepare('DELETE FROM managers WHERE user_id = ?').run(userId).changes === 1;
    // The cohort channel setting stays (it is the workspace's), but not the id of who set it.
    const setBy = db.prepare('UPDATE summary_settings SET set_by = NULL WHERE set_by = ?').run(userId).changes;
    if (setBy > 0) byTable.summary_settings = setBy;
    // Cohort posts and others' messages that mention the user keep their ledger row (it is what
    // prevents a second send) but lose the stored message.
    clearPayloadsMentioning(db, userId);
    return { byTable, managerRecord };
  });

  return behindGate(db, {
    count: countFor,
    /**
     * Deletes every row about the user, their manager record last, in one transaction, then
     * checkpoints the WAL so neither file keeps the deleted text. Counts are taken first, so rows
     * that a cascade removes along with another table's row are still counted.
     */
    deleteAll(userId: string): DeletedRows {
      const deleted = deleteEverywhere(userId);
      checkpointAfterDeletion(db);
      return deleted;
    },
  });
}
