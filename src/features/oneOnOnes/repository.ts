import { checkpointAfterDeletion, type Db } from '../../core/db/connection';
import { clearPayloadsOfOneOnOne } from '../../core/delivery/repository';
import { behindGate } from '../../core/db/transactions';
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

export function createOneOnOneRepository(db: Db): OneOnOneRepository {
  const upsert = db.prepare(
    `INSERT INTO one_on_ones (manager_id, report_user_id, weekday, local_time, cadence, anchor_date, created_at)
     VALUES (@managerId, @reportUserId, @weekday, @time, @cadence, @anchorDate, @createdAt)
     ON CONFLICT (manager_id, report_user_id) DO UPDATE SET
       weekday = excluded.weekday, local_time = excluded.local_time, cadence = excluded.cadence, anchor_date = excluded.anchor_date`,
  );
  const byPair = db.prepare<[string, string], OneOnOneRow>(
    'SELECT * FROM one_on_ones WHERE manager_id = ? AND report_user_id = ?',
  );
  const byId = db.prepare<[number], OneOnOneRow>('SELECT * FROM one_on_ones WHERE id = ?');
  const ofManager = db.prepare<[string], OneOnOneRow>(
    'SELECT * FROM one_on_ones WHERE manager_id = ? ORDER BY weekday, local_time, report_user_id',
  );
  const all = db.prepare<[], OneOnOneRow>('SELECT * FROM one_on_ones ORDER BY manager_id');
  const countOf = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM one_on_ones WHERE manager_id = ?');
  const remove = db.prepare('DELETE FROM one_on_ones WHERE id = ?');
  const dropSnoozes = db.prepare("DELETE FROM nudge_snoozes WHERE user_id = ? AND json_extract(occurrence, '$.oneOnOne.id') = ?");
  const removeEverywhere = db.transaction((o: OneOnOneRow): void => {
    clearPayloadsOfOneOnOne(db, o.manager_id, o.id);
    dropSnoozes.run(o.manager_id, o.id);
    remove.run(o.id); // the agenda items go with it (ON DELETE CASCADE)
  });
  const insertItem = db.prepare(
    'INSERT INTO agenda_items (one_on_one_id, manager_id, text, created_at) VALUES (?, ?, ?, ?)',
  );
  const openItems = db.prepare<[number], AgendaRow>(
    "SELECT * FROM agenda_items WHERE one_on_one_id = ? AND status = 'open' ORDER BY id",
  );
  const itemById = db.prepare<[number], AgendaRow>('SELECT * FROM agenda_items WHERE id = ?');
  const markDone = db.prepare(
    "UPDATE agenda_items SET status = 'done', done_at = ? WHERE id = ? AND manager_id = ? AND status = 'open'",
  );

  return behindGate(db, {
    /** Adds or reschedules the 1:1 with a report; returns it and whether it existed before. */
    save(o: Omit<OneOnOne, 'id'>): { oneOnOne: OneOnOne; updated: boolean } {
      const existed = byPair.get(o.managerId, o.reportUserId) !== undefined;
      upsert.run({
        managerId: o.managerId,
        reportUserId: o.reportUserId,
        weekday: o.weekday,
        time: o.time,
        cadence: o.cadence,
        anchorDate: o.anchorDate,
        createdAt: o.createdAt,
      });
      const row = byPair.get(o.managerId, o.reportUserId);
      if (!row) throw new Error('1:1 was not stored');
      return { oneOnOne: toOneOnOne(row), updated: existed };
    },
    get(managerId: string, reportUserId: string): OneOnOne | undefined {
      const r = byPair.get(managerId, reportUserId);
      return r ? toOneOnOne(r) : undefined;
    },
    byId(id: number): OneOnOne | undefined {
      const r = byId.get(id);
      return r ? toOneOnOne(r) : undefined;
    },
    list(managerId: string): OneOnOne[] {
      return ofManager.all(managerId).map(toOneOnOne);
    },
    count(managerId: string): number {
      return countOf.get(managerId)?.n ?? 0;
    },
    /** Every 1:1 grouped by manager (the nudges job reads them once per tick). */
    allByManager(): Map<string, OneOnOne[]> {
      const out = new Map<string, OneOnOne[]>();
      for (const r of all.all()) {
        const list = out.get(r.manager_id) ?? [];
        list.push(toOneOnOne(r));
        out.set(r.manager_id, list);
      }
      return out;
    },
    /** Removes the 1:1, its agenda and every stored copy of it, then checkpoints so no file keeps the text. */
    remove(managerId: string, reportUserId: string): boolean {
      const o = byPair.get(managerId, reportUserId);
      if (!o) return false;
      removeEverywhere(o);
      checkpointAfterDeletion(db);
      return true;
    },
    addAgendaItem(oneOnOneId: number, managerId: string, text: string, at: Date): AgendaItem {
      const info = insertItem.run(oneOnOneId, managerId, text, at.toISOString());
      const row = itemById.get(Number(info.lastInsertRowid));
      if (!row) throw new Error('agenda item was not stored');
      return toItem(row);
    },
    openItems(oneOnOneId: number): AgendaItem[] {
      return openItems.all(oneOnOneId).map(toItem);
    },
    item(id: number): AgendaItem | undefined {
      const r = itemById.get(id);
      return r ? toItem(r) : undefined;
    },
    /** Ticks off one of the manager's own open items; another manager's item changes nothing. */
    markItemDone(managerId: string, itemId: number, at: Date): boolean {
      return markDone.run(at.toISOString(), itemId, managerId).changes === 1;
    },
  });
}
