import { jsonField, type SqlDatabase } from '../../core/db/sql';
import { clearPayloadsOfOneOnOne } from '../../core/delivery/repository';
import type { Workspace } from '../../core/workspace';
import type { AgendaItem, OneOnOne } from './entities';

interface OneOnOneRow {
  id: number;
  manager_id: string;
  report_user_id: string;
  weekday: number;
  local_time: string;
  cadence: 'weekly' | 'biweekly';
  anchor_date: string;
  created_at: string;
}

interface AgendaRow {
  id: number;
  one_on_one_id: number;
  manager_id: string;
  text: string;
  status: 'open' | 'done';
  created_at: string;
  done_at: string | null;
}

function toOneOnOne(r: OneOnOneRow): OneOnOne {
  return {
    id: r.id,
    managerId: r.manager_id,
    reportUserId: r.report_user_id,
    weekday: r.weekday,
    time: r.local_time,
    cadence: r.cadence,
    anchorDate: r.anchor_date,
    createdAt: r.created_at,
  };
}

function toItem(r: AgendaRow): AgendaItem {
  return {
    id: r.id,
    oneOnOneId: r.one_on_one_id,
    managerId: r.manager_id,
    text: r.text,
    status: r.status,
    createdAt: r.created_at,
    doneAt: r.done_at,
  };
}

/** 1:1s and their agenda items. */
export interface OneOnOneRepository {
  /** Adds or reschedules the 1:1 with a report; resolves it and whether it existed before. */
  save(o: Omit<OneOnOne, 'id'>): Promise<{ oneOnOne: OneOnOne; updated: boolean }>;
  get(managerId: string, reportUserId: string): Promise<OneOnOne | undefined>;
  byId(id: number): Promise<OneOnOne | undefined>;
  list(managerId: string): Promise<OneOnOne[]>;
  count(managerId: string): Promise<number>;
  /** Every 1:1 grouped by manager (the nudges job reads them once per tick). */
  allByManager(): Promise<Map<string, OneOnOne[]>>;
  /** Removes the 1:1, its agenda and every stored copy of it (prep nudge messages, snoozed prep nudges). */
  remove(managerId: string, reportUserId: string): Promise<boolean>;
  addAgendaItem(oneOnOneId: number, managerId: string, text: string, at: Date): Promise<AgendaItem>;
  openItems(oneOnOneId: number): Promise<AgendaItem[]>;
  item(id: number): Promise<AgendaItem | undefined>;
  /** Ticks off one of the manager's own open items; another manager's item changes nothing. */
  markItemDone(managerId: string, itemId: number, at: Date): Promise<boolean>;
}

/**
 * Every statement reads and writes only `workspace`'s rows (its `team_id`, read when the statement
 * runs: the installed workspace is learned after the repository is built). An id of another
 * workspace's 1:1 or agenda item finds nothing here.
 */
export function createOneOnOneRepository(db: SqlDatabase, workspace: Workspace): OneOnOneRepository {
  const byPair = (team: string, managerId: string, reportUserId: string) =>
    db.get<OneOnOneRow>('SELECT * FROM one_on_ones WHERE team_id = ? AND manager_id = ? AND report_user_id = ?', [team, managerId, reportUserId]);
  const itemById = (id: number) => db.get<AgendaRow>('SELECT * FROM agenda_items WHERE team_id = ? AND id = ?', [workspace.id, id]);

  return {
    /** Adds or reschedules the 1:1 with a report; returns it and whether it existed before. */
    save(o: Omit<OneOnOne, 'id'>): Promise<{ oneOnOne: OneOnOne; updated: boolean }> {
      const team = workspace.id;
      return db.transaction(async () => {
        const existed = (await byPair(team, o.managerId, o.reportUserId)) !== undefined;
        const row = await db.get<OneOnOneRow>(
          `INSERT INTO one_on_ones (team_id, manager_id, report_user_id, weekday, local_time, cadence, anchor_date, created_at)
           VALUES (@team, @managerId, @reportUserId, @weekday, @time, @cadence, @anchorDate, @createdAt)
           ON CONFLICT (team_id, manager_id, report_user_id) DO UPDATE SET
             weekday = excluded.weekday, local_time = excluded.local_time, cadence = excluded.cadence, anchor_date = excluded.anchor_date
           RETURNING *`,
          {
            team,
            managerId: o.managerId,
            reportUserId: o.reportUserId,
            weekday: o.weekday,
            time: o.time,
            cadence: o.cadence,
            anchorDate: o.anchorDate,
            createdAt: o.createdAt,
          },
        );
        if (!row) throw new Error('1:1 was not stored');
        return { oneOnOne: toOneOnOne(row), updated: existed };
      });
    },
    async get(managerId: string, reportUserId: string): Promise<OneOnOne | undefined> {
      const r = await byPair(workspace.id, managerId, reportUserId);
      return r ? toOneOnOne(r) : undefined;
    },
    async byId(id: number): Promise<OneOnOne | undefined> {
      const r = await db.get<OneOnOneRow>('SELECT * FROM one_on_ones WHERE team_id = ? AND id = ?', [workspace.id, id]);
      return r ? toOneOnOne(r) : undefined;
    },
    async list(managerId: string): Promise<OneOnOne[]> {
      const rows = await db.all<OneOnOneRow>(
        'SELECT * FROM one_on_ones WHERE team_id = ? AND manager_id = ? ORDER BY weekday, local_time, report_user_id',
        [workspace.id, managerId],
      );
      return rows.map(toOneOnOne);
    },
    async count(managerId: string): Promise<number> {
      return (
        (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM one_on_ones WHERE team_id = ? AND manager_id = ?', [workspace.id, managerId]))?.n ?? 0
      );
    },
    /** Every 1:1 of this workspace grouped by manager (the nudges job reads them once per tick). */
    async allByManager(): Promise<Map<string, OneOnOne[]>> {
      const out = new Map<string, OneOnOne[]>();
      for (const r of await db.all<OneOnOneRow>('SELECT * FROM one_on_ones WHERE team_id = ? ORDER BY manager_id, id', [workspace.id])) {
        const list = out.get(r.manager_id) ?? [];
        list.push(toOneOnOne(r));
        out.set(r.manager_id, list);
      }
      return out;
    },
    /** Removes the 1:1, its agenda and every stored copy of it, then makes sure no file keeps the text. */
    async remove(managerId: string, reportUserId: string): Promise<boolean> {
      const team = workspace.id;
      const removed = await db.transaction(async () => {
        const o = await byPair(team, managerId, reportUserId);
        if (!o) return false;
        // The prep nudges' stored messages name the agenda: dropped.
        await clearPayloadsOfOneOnOne(db, workspace, o.manager_id, o.id);
        await db.run(`DELETE FROM nudge_snoozes WHERE team_id = ? AND user_id = ? AND ${jsonField(db.engine, 'occurrence', ['oneOnOne', 'id'])} = ?`, [
          team,
          o.manager_id,
          o.id,
        ]);
        await db.run('DELETE FROM one_on_ones WHERE team_id = ? AND id = ?', [team, o.id]); // the agenda items go with it (ON DELETE CASCADE)
        return true;
      });
      if (removed) await db.afterDeletion();
      return removed;
    },
    async addAgendaItem(oneOnOneId: number, managerId: string, text: string, at: Date): Promise<AgendaItem> {
      // Only onto one of this workspace's 1:1s (the id alone is not keyed by workspace).
      const row = await db.get<AgendaRow>(
        `INSERT INTO agenda_items (one_on_one_id, team_id, manager_id, text, created_at)
         SELECT id, team_id, ?, ?, ? FROM one_on_ones WHERE team_id = ? AND id = ?
         RETURNING *`,
        [managerId, text, at.toISOString(), workspace.id, oneOnOneId],
      );
      if (!row) throw new Error('agenda item was not stored');
      return toItem(row);
    },
    async openItems(oneOnOneId: number): Promise<AgendaItem[]> {
      const rows = await db.all<AgendaRow>(
        "SELECT * FROM agenda_items WHERE team_id = ? AND one_on_one_id = ? AND status = 'open' ORDER BY id",
        [workspace.id, oneOnOneId],
      );
      return rows.map(toItem);
    },
    async item(id: number): Promise<AgendaItem | undefined> {
      const r = await itemById(id);
      return r ? toItem(r) : undefined;
    },
    /** Ticks off one of the manager's own open items; another manager's item changes nothing. */
    async markItemDone(managerId: string, itemId: number, at: Date): Promise<boolean> {
      const { changes } = await db.run(
        "UPDATE agenda_items SET status = 'done', done_at = ? WHERE team_id = ? AND id = ? AND manager_id = ? AND status = 'open'",
        [at.toISOString(), workspace.id, itemId, managerId],
      );
      return changes === 1;
    },
  };
}
