import { emptyMinutes, type CategoryId, type CategoryMinutes } from '../../core/categories';
import type { Db } from '../../core/db/connection';
import { behindGate } from '../../core/db/transactions';
import type { EntryChanges, EntrySource, NewTimeEntry, TimeEntry } from './entities';

interface EntryRow {
  id: number;
  user_id: string;
  category: CategoryId;
  minutes: number;
  local_date: string;
  time_zone: string;
  note: string | null;
  source: EntrySource;
  created_at: string;
}

function toEntry(r: EntryRow): TimeEntry {
  return {
    id: r.id,
    userId: r.user_id,
    category: r.category,
    minutes: r.minutes,
    localDate: r.local_date,
    timeZone: r.time_zone,
    note: r.note,
    source: r.source,
    createdAt: r.created_at,
  };
}

/** Time entries, the timelog feature's table. */
export interface TimeEntryRepository {
  add(entry: NewTimeEntry): Promise<{ entry: TimeEntry; duplicate: boolean }>;
  /**
   * Adds an entry unless the day would then hold more than `maxDayMinutes`; check and insert run in one
   * transaction. A request already stored (same requestKey) is returned as a duplicate, never re-checked.
   */
  addIfDayFits(
    entry: NewTimeEntry,
    maxDayMinutes: number,
  ): Promise<{ stored: true; entry: TimeEntry; duplicate: boolean } | { stored: false; dayMinutes: number }>;
  /** Minutes logged on one local date, all categories together. */
  dayTotal(userId: string, localDate: string): Promise<number>;
  /** Minutes per category over local dates from..to inclusive (YYYY-MM-DD). */
  totals(userId: string, from: string, to: string): Promise<CategoryMinutes>;
  last(userId: string): Promise<TimeEntry | undefined>;
  /** Deletes one of the manager's own entries; another manager's id deletes nothing. */
  delete(userId: string, id: number): Promise<boolean>;
  /** One of the manager's own entries; another manager's id finds nothing. */
  get(userId: string, id: number): Promise<TimeEntry | undefined>;
  /** The manager's entries on local dates from..to inclusive, by date, then in the order logged. */
  between(userId: string, from: string, to: string): Promise<TimeEntry[]>;
  /** Changes one of the manager's own entries and returns it as stored; another manager's id changes nothing. */
  update(userId: string, id: number, changes: EntryChanges): Promise<TimeEntry | undefined>;
  /**
   * Puts the manager's log back as it was before an action: deletes the entries with `removeIds`
   * and re-inserts `rows` with their original ids. Rows of another manager are never touched.
   */
  restore(userId: string, removeIds: readonly number[], rows: readonly TimeEntry[]): Promise<void>;
  list(userId: string): Promise<TimeEntry[]>;
  deleteAll(userId: string): Promise<number>;
}

export function createTimeEntryRepository(db: Db): TimeEntryRepository {
  const insert = db.prepare(
    `INSERT INTO time_entries (user_id, category, minutes, local_date, time_zone, note, source, created_at, request_key)
     VALUES (@userId, @category, @minutes, @localDate, @timeZone, @note, @source, @createdAt, @requestKey)
     ON CONFLICT (request_key) DO NOTHING`,
  );
  const byRequestKey = db.prepare<[string], EntryRow>('SELECT * FROM time_entries WHERE request_key = ?');
  const totalsBetween = db.prepare<[string, string, string], { category: CategoryId; minutes: number }>(
    `SELECT category, SUM(minutes) AS minutes FROM time_entries
     WHERE user_id = ? AND local_date BETWEEN ? AND ? GROUP BY category`,
  );
  const last = db.prepare<[string], EntryRow>(
    'SELECT * FROM time_entries WHERE user_id = ? ORDER BY id DESC LIMIT 1',
  );
  const deleteById = db.prepare('DELETE FROM time_entries WHERE id = ? AND user_id = ?');
  const byId = db.prepare<[number, string], EntryRow>('SELECT * FROM time_entries WHERE id = ? AND user_id = ?');
  const entriesBetween = db.prepare<[string, string, string], EntryRow>(
    'SELECT * FROM time_entries WHERE user_id = ? AND local_date BETWEEN ? AND ? ORDER BY local_date, id',
  );
  const updateById = db.prepare(
    `UPDATE time_entries SET category = @category, minutes = @minutes, local_date = @localDate, note = @note
     WHERE id = @id AND user_id = @userId`,
  );
  const insertWithId = db.prepare(
    `INSERT INTO time_entries (id, user_id, category, minutes, local_date, time_zone, note, source, created_at)
     VALUES (@id, @userId, @category, @minutes, @localDate, @timeZone, @note, @source, @createdAt)`,
  );
  const allFor = db.prepare<[string], EntryRow>(
    'SELECT * FROM time_entries WHERE user_id = ? ORDER BY local_date, id',
  );
  const deleteAllFor = db.prepare('DELETE FROM time_entries WHERE user_id = ?');
  const dayTotal = db.prepare<[string, string], { minutes: number | null }>(
    'SELECT SUM(minutes) AS minutes FROM time_entries WHERE user_id = ? AND local_date = ?',
  );

  function add(entry: NewTimeEntry): { entry: TimeEntry; duplicate: boolean } {
    const info = insert.run({
      userId: entry.userId,
      category: entry.category,
      minutes: entry.minutes,
      localDate: entry.localDate,
      timeZone: entry.timeZone,
      note: entry.note ?? null,
      source: entry.source,
      createdAt: entry.createdAt.toISOString(),
      requestKey: entry.requestKey ?? null,
    });
    if (info.changes === 0 && entry.requestKey) {
      const existing = byRequestKey.get(entry.requestKey);
      if (existing) return { entry: toEntry(existing), duplicate: true };
    }
    const row = db.prepare<[number | bigint], EntryRow>('SELECT * FROM time_entries WHERE id = ?').get(info.lastInsertRowid);
    if (!row) throw new Error('time entry was not stored');
    return { entry: toEntry(row), duplicate: false };
  }

  /**
   * Adds an entry unless the day would then hold more than `maxDayMinutes`; check and insert run in one
   * transaction. A request already stored (same requestKey) is returned as a duplicate, never re-checked.
   */
  const addIfDayFits = db.transaction(
    (entry: NewTimeEntry, maxDayMinutes: number):
      | { stored: true; entry: TimeEntry; duplicate: boolean }
      | { stored: false; dayMinutes: number } => {
      if (entry.requestKey) {
        const existing = byRequestKey.get(entry.requestKey);
        if (existing) return { stored: true, entry: toEntry(existing), duplicate: true };
      }
      const dayMinutes = dayTotal.get(entry.userId, entry.localDate)?.minutes ?? 0;
      if (dayMinutes + entry.minutes > maxDayMinutes) return { stored: false, dayMinutes };
      return { stored: true, ...add(entry) };
    },
  );

  return behindGate(db, {
    add,
    addIfDayFits,
    /** Minutes logged on one local date, all categories together. */
    dayTotal(userId: string, localDate: string): number {
      return dayTotal.get(userId, localDate)?.minutes ?? 0;
    },
    /** Minutes per category over local dates from..to inclusive (YYYY-MM-DD). */
    totals(userId: string, from: string, to: string): CategoryMinutes {
      const totals = emptyMinutes();
      for (const r of totalsBetween.all(userId, from, to)) totals[r.category] = r.minutes;
      return totals;
    },
    last(userId: string): TimeEntry | undefined {
      const r = last.get(userId);
      return r ? toEntry(r) : undefined;
    },
    /** Deletes one of the manager's own entries; another manager's id deletes nothing. */
    delete(userId: string, id: number): boolean {
      return deleteById.run(id, userId).changes === 1;
    },
    get(userId: string, id: number): TimeEntry | undefined {
      const r = byId.get(id, userId);
      return r ? toEntry(r) : undefined;
    },
    between(userId: string, from: string, to: string): TimeEntry[] {
      return entriesBetween.all(userId, from, to).map(toEntry);
    },
    update(userId: string, id: number, changes: EntryChanges): TimeEntry | undefined {
      if (updateById.run({ id, userId, ...changes }).changes !== 1) return undefined;
      const r = byId.get(id, userId);
      return r ? toEntry(r) : undefined;
    },
    restore: db.transaction((userId: string, removeIds: readonly number[], rows: readonly TimeEntry[]): void => {
      for (const id of removeIds) deleteById.run(id, userId);
      for (const row of rows) {
        if (row.userId !== userId) continue;
        insertWithId.run({ ...row, userId });
      }
    }),
    list(userId: string): TimeEntry[] {
      return allFor.all(userId).map(toEntry);
    },
    deleteAll(userId: string): number {
      return deleteAllFor.run(userId).changes;
    },
  });
}
