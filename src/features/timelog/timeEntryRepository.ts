import { emptyMinutes, type CategoryId, type CategoryMinutes } from '../../core/categories';
import type { SqlDatabase } from '../../core/db/sql';
import type { Workspace } from '../../core/workspace';
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

export function createTimeEntryRepository(db: SqlDatabase, workspace: Workspace): TimeEntryRepository {
  const byRequestKey = (requestKey: string) => db.get<EntryRow>('SELECT * FROM time_entries WHERE team_id = ? AND request_key = ?', [workspace.id, requestKey]);
  const byId = (userId: string, id: number) => db.get<EntryRow>('SELECT * FROM time_entries WHERE id = ? AND user_id = ? AND team_id = ?', [id, userId, workspace.id]);
  const deleteById = (userId: string, id: number) => db.run('DELETE FROM time_entries WHERE id = ? AND user_id = ? AND team_id = ?', [id, userId, workspace.id]);
  const dayTotal = async (userId: string, localDate: string): Promise<number> =>
    (await db.get<{ minutes: number | null }>('SELECT SUM(minutes) AS minutes FROM time_entries WHERE team_id = ? AND user_id = ? AND local_date = ?', [workspace.id, userId, localDate]))
      ?.minutes ?? 0;

  async function add(entry: NewTimeEntry): Promise<{ entry: TimeEntry; duplicate: boolean }> {
    const row = await db.get<EntryRow>(
      `INSERT INTO time_entries (team_id, user_id, category, minutes, local_date, time_zone, note, source, created_at, request_key)
       VALUES (@team, @userId, @category, @minutes, @localDate, @timeZone, @note, @source, @createdAt, @requestKey)
       ON CONFLICT (team_id, request_key) DO NOTHING
       RETURNING *`,
      {
        team: workspace.id,
        userId: entry.userId,
        category: entry.category,
        minutes: entry.minutes,
        localDate: entry.localDate,
        timeZone: entry.timeZone,
        note: entry.note ?? null,
        source: entry.source,
        createdAt: entry.createdAt.toISOString(),
        requestKey: entry.requestKey ?? null,
      },
    );
    if (row) return { entry: toEntry(row), duplicate: false };
    // Nothing inserted: only a request_key already stored does that.
    const existing = entry.requestKey ? await byRequestKey(entry.requestKey) : undefined;
    if (!existing) throw new Error('time entry was not stored');
    return { entry: toEntry(existing), duplicate: true };
  }

  return {
    add,
    /**
     * Adds an entry unless the day would then hold more than `maxDayMinutes`; check and insert run in one
     * transaction. A request already stored (same requestKey) is returned as a duplicate, never re-checked.
     */
    addIfDayFits(entry: NewTimeEntry, maxDayMinutes: number) {
      return db.transaction(
        async (): Promise<{ stored: true; entry: TimeEntry; duplicate: boolean } | { stored: false; dayMinutes: number }> => {
          if (entry.requestKey) {
            const existing = await byRequestKey(entry.requestKey);
            if (existing) return { stored: true, entry: toEntry(existing), duplicate: true };
          }
          const dayMinutes = await dayTotal(entry.userId, entry.localDate);
          if (dayMinutes + entry.minutes > maxDayMinutes) return { stored: false, dayMinutes };
          return { stored: true, ...(await add(entry)) };
        },
      );
    },
    /** Minutes logged on one local date, all categories together. */
    dayTotal,
    /** Minutes per category over local dates from..to inclusive (YYYY-MM-DD). */
    async totals(userId: string, from: string, to: string): Promise<CategoryMinutes> {
      const rows = await db.all<{ category: CategoryId; minutes: number }>(
        `SELECT category, SUM(minutes) AS minutes FROM time_entries
         WHERE team_id = ? AND user_id = ? AND local_date BETWEEN ? AND ? GROUP BY category`,
        [workspace.id, userId, from, to],
      );
      const totals = emptyMinutes();
      for (const r of rows) totals[r.category] = r.minutes;
      return totals;
    },
    async last(userId: string): Promise<TimeEntry | undefined> {
      const r = await db.get<EntryRow>('SELECT * FROM time_entries WHERE team_id = ? AND user_id = ? ORDER BY id DESC LIMIT 1', [workspace.id, userId]);
      return r ? toEntry(r) : undefined;
    },
    /** Deletes one of the manager's own entries; another manager's id deletes nothing. */
    async delete(userId: string, id: number): Promise<boolean> {
      return (await deleteById(userId, id)).changes === 1;
    },
    async get(userId: string, id: number): Promise<TimeEntry | undefined> {
      const r = await byId(userId, id);
      return r ? toEntry(r) : undefined;
    },
    async between(userId: string, from: string, to: string): Promise<TimeEntry[]> {
      const rows = await db.all<EntryRow>(
        'SELECT * FROM time_entries WHERE team_id = ? AND user_id = ? AND local_date BETWEEN ? AND ? ORDER BY local_date, id',
        [workspace.id, userId, from, to],
      );
      return rows.map(toEntry);
    },
    async update(userId: string, id: number, changes: EntryChanges): Promise<TimeEntry | undefined> {
      const r = await db.get<EntryRow>(
        `UPDATE time_entries SET category = @category, minutes = @minutes, local_date = @localDate, note = @note
         WHERE id = @id AND user_id = @userId AND team_id = @team
         RETURNING *`,
        { id, userId, team: workspace.id, category: changes.category, minutes: changes.minutes, localDate: changes.localDate, note: changes.note },
      );
      return r ? toEntry(r) : undefined;
    },
    restore(userId: string, removeIds: readonly number[], rows: readonly TimeEntry[]): Promise<void> {
      return db.transaction(async () => {
        for (const id of removeIds) await deleteById(userId, id);
        for (const row of rows) {
          if (row.userId !== userId) continue;
          // An explicit id: SQLite takes it as the rowid, PostgreSQL's GENERATED BY DEFAULT identity accepts it.
          await db.run(
            `INSERT INTO time_entries (id, team_id, user_id, category, minutes, local_date, time_zone, note, source, created_at)
             VALUES (@id, @team, @userId, @category, @minutes, @localDate, @timeZone, @note, @source, @createdAt)`,
            {
              id: row.id,
              team: workspace.id,
              userId,
              category: row.category,
              minutes: row.minutes,
              localDate: row.localDate,
              timeZone: row.timeZone,
              note: row.note,
              source: row.source,
              createdAt: row.createdAt,
            },
          );
        }
      });
    },
    async list(userId: string): Promise<TimeEntry[]> {
      const rows = await db.all<EntryRow>('SELECT * FROM time_entries WHERE team_id = ? AND user_id = ? ORDER BY local_date, id', [workspace.id, userId]);
      return rows.map(toEntry);
    },
    async deleteAll(userId: string): Promise<number> {
      return (await db.run('DELETE FROM time_entries WHERE team_id = ? AND user_id = ?', [workspace.id, userId])).changes;
    },
  };
}
