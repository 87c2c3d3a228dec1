import { isNudgeId, type NudgeId, type NudgeOverride } from './catalog';
import type { Db } from '../../core/db/connection';
import { behindGate } from '../../core/db/transactions';
import type { CadenceState, Holiday, NudgeResponse, Snooze } from './entities';

interface SnoozeRow {
  delivery_key: string;
  origin_key: string;
  user_id: string;
  nudge_id: string;
  due_at: string;
  occurrence: string;
}

/** The nudges feature's own tables: per-nudge opt-outs, snoozes, responses, improvement answers and the job's cursors. */
export interface NudgeSettingsRepository {
  optOuts(userId: string): Promise<Set<NudgeId>>;
  allOptOuts(): Promise<Map<string, Set<NudgeId>>>;
  setNudge(userId: string, nudgeId: NudgeId, on: boolean, at: Date): Promise<void>;
  cursors(): Promise<Map<string, string>>;
  /** Moves the cursors forward (never back), in one transaction. */
  advanceCursors(userIds: readonly string[], until: Date): Promise<void>;
  addSnooze(s: Omit<Snooze, 'dueAt'> & { dueAt: Date; createdAt: Date }): Promise<boolean>;
  /** Snoozes whose time has come and that were not delivered yet. */
  dueSnoozes(now: Date): Promise<Snooze[]>;
  recordResponse(key: string, userId: string, response: NudgeResponse, at: Date): Promise<void>;
  responseTo(key: string): Promise<NudgeResponse | undefined>;
  /** The Wednesday question: is the team at 20% system improvement this week (week = local Monday)? */
  recordImprovementAnswer(userId: string, weekStart: string, atTarget: boolean, at: Date): Promise<void>;
  improvementAnswer(userId: string, weekStart: string): Promise<boolean | undefined>;
  /** The manager's own times and days, per nudge. */
  overrides(userId: string): Promise<Map<NudgeId, NudgeOverride>>;
  allOverrides(): Promise<Map<string, Map<NudgeId, NudgeOverride>>>;
  /** Sets the time or the days of one nudge (the other stays as it was). */
  setOverride(userId: string, nudgeId: NudgeId, change: NudgeOverride, at: Date): Promise<void>;
  cadence(userId: string): Promise<Map<NudgeId, CadenceState>>;
  allCadence(): Promise<Map<string, Map<NudgeId, CadenceState>>>;
  /** One more occurrence sent; counts towards the back-off until the manager interacts. */
  recordSent(userId: string, nudgeIds: readonly NudgeId[]): Promise<void>;
  /** Any button pressed on the nudge: the count starts again, and a back-off (not a chosen "less often") ends. */
  recordInteraction(userId: string, nudgeId: NudgeId): Promise<void>;
  /** Three ignored in a row: less often from now on, and the next one asks. */
  backOff(userId: string, nudgeId: NudgeId): Promise<void>;
  askShown(userId: string, nudgeId: NudgeId): Promise<void>;
  setLessOften(userId: string, nudgeId: NudgeId, lessOften: boolean): Promise<void>;
  markDoneForWeek(userId: string, nudgeId: NudgeId, weekStart: string): Promise<void>;
  holidays(): Promise<Holiday[]>;
  /** False when that date is a holiday already. */
  addHoliday(h: Holiday): Promise<boolean>;
  removeHoliday(date: string): Promise<boolean>;
}

interface ScheduleRow {
  user_id: string;
  nudge_id: string;
  local_time: string | null;
  weekdays: string | null;
}

interface CadenceRow {
  user_id: string;
  nudge_id: string;
  ignored_in_row: number;
  less_often: CadenceState['lessOften'];
  ask_pending: number;
  done_week: string | null;
}

function toOverride(r: ScheduleRow): NudgeOverride {
  return {
    ...(r.local_time ? { time: r.local_time } : {}),
    ...(r.weekdays ? { weekdays: r.weekdays.split(',').map(Number) } : {}),
  };
}

function toCadence(r: CadenceRow): CadenceState {
  return { ignoredInRow: r.ignored_in_row, lessOften: r.less_often, askPending: r.ask_pending === 1, doneWeek: r.done_week };
}

function groupByUser<R extends { user_id: string; nudge_id: string }, T>(rows: R[], map: (r: R) => T): Map<string, Map<NudgeId, T>> {
  const out = new Map<string, Map<NudgeId, T>>();
  for (const r of rows) {
    if (!isNudgeId(r.nudge_id)) continue;
    const inner = out.get(r.user_id) ?? new Map<NudgeId, T>();
    inner.set(r.nudge_id, map(r));
    out.set(r.user_id, inner);
  }
  return out;
}

/**
 * A manager's nudge settings: the per-nudge opt-outs, snoozes, responses and the job's cursor
 * live in tables of their own; on/off, pause, working hours and reachability are columns of
 * `managers`, written through the enrolment feature's ManagerRepository.
 */
export function createNudgeSettingsRepository(db: Db): NudgeSettingsRepository {
  const optOutsOf = db.prepare<[string], { nudge_id: string }>('SELECT nudge_id FROM nudge_opt_outs WHERE user_id = ?');
  const allOptOuts = db.prepare<[], { user_id: string; nudge_id: string }>('SELECT user_id, nudge_id FROM nudge_opt_outs');
  const insertOptOut = db.prepare(
    'INSERT INTO nudge_opt_outs (user_id, nudge_id, opted_out_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const deleteOptOut = db.prepare('DELETE FROM nudge_opt_outs WHERE user_id = ? AND nudge_id = ?');
  const allCursors = db.prepare<[], { user_id: string; checked_until: string }>('SELECT user_id, checked_until FROM nudge_cursors');
  const upsertCursor = db.prepare(
    `INSERT INTO nudge_cursors (user_id, checked_until) VALUES (?, ?)
     ON CONFLICT (user_id) DO UPDATE SET checked_until = MAX(checked_until, excluded.checked_until)`,
  );
  const insertSnooze = db.prepare(
    `INSERT INTO nudge_snoozes (delivery_key, origin_key, user_id, nudge_id, due_at, occurrence, created_at)
     VALUES (@deliveryKey, @originKey, @userId, @nudgeId, @dueAt, @occurrence, @createdAt) ON CONFLICT DO NOTHING`,
  );
  const dueSnoozes = db.prepare<[string], SnoozeRow>(
    `SELECT s.* FROM nudge_snoozes s LEFT JOIN deliveries d ON d.key = s.delivery_key
     WHERE s.due_at <= ? AND d.key IS NULL ORDER BY s.due_at`,
  );
  const upsertResponse = db.prepare(
    `INSERT INTO nudge_responses (key, user_id, response, responded_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET response = excluded.response, responded_at = excluded.responded_at`,
  );
  const responseOf = db.prepare<[string], { response: NudgeResponse }>('SELECT response FROM nudge_responses WHERE key = ?');
  const upsertImprovement = db.prepare(
    `INSERT INTO improvement_answers (user_id, week_start, at_target, answered_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, week_start) DO UPDATE SET at_target = excluded.at_target, answered_at = excluded.answered_at`,
  );
  const improvementOf = db.prepare<[string, string], { at_target: number }>(
    'SELECT at_target FROM improvement_answers WHERE user_id = ? AND week_start = ?',
  );
  const schedulesOf = db.prepare<[string], ScheduleRow>('SELECT * FROM nudge_schedules WHERE user_id = ?');
  const allSchedules = db.prepare<[], ScheduleRow>('SELECT * FROM nudge_schedules');
  const upsertSchedule = db.prepare(
    `INSERT INTO nudge_schedules (user_id, nudge_id, local_time, weekdays, updated_at) VALUES (@userId, @nudgeId, @time, @weekdays, @at)
     ON CONFLICT (user_id, nudge_id) DO UPDATE SET local_time = COALESCE(excluded.local_time, local_time),
       weekdays = COALESCE(excluded.weekdays, weekdays), updated_at = excluded.updated_at`,
  );
  const cadenceOf = db.prepare<[string], CadenceRow>('SELECT * FROM nudge_cadence WHERE user_id = ?');
  const allCadence = db.prepare<[], CadenceRow>('SELECT * FROM nudge_cadence');
  const ensureCadence = db.prepare('INSERT INTO nudge_cadence (user_id, nudge_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const sentOnce = db.prepare('UPDATE nudge_cadence SET ignored_in_row = ignored_in_row + 1 WHERE user_id = ? AND nudge_id = ?');
  const interacted = db.prepare(
    `UPDATE nudge_cadence SET ignored_in_row = 0, ask_pending = 0,
       less_often = CASE less_often WHEN 'backed-off' THEN 'no' ELSE less_often END WHERE user_id = ? AND nudge_id = ?`,
  );
  const backOff = db.prepare("UPDATE nudge_cadence SET less_often = 'backed-off', ask_pending = 1 WHERE user_id = ? AND nudge_id = ?");
  const askShown = db.prepare('UPDATE nudge_cadence SET ask_pending = 0 WHERE user_id = ? AND nudge_id = ?');
  const setLessOften = db.prepare('UPDATE nudge_cadence SET less_often = ?, ignored_in_row = 0, ask_pending = 0 WHERE user_id = ? AND nudge_id = ?');
  const setDoneWeek = db.prepare('UPDATE nudge_cadence SET done_week = ? WHERE user_id = ? AND nudge_id = ?');
  const allHolidays = db.prepare<[], { date: string; name: string; added_by: string; added_at: string }>('SELECT * FROM workspace_holidays ORDER BY date');
  const insertHoliday = db.prepare('INSERT INTO workspace_holidays (date, name, added_by, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const deleteHoliday = db.prepare('DELETE FROM workspace_holidays WHERE date = ?');
  const onCadence = (userId: string, nudgeId: NudgeId, run: () => void): void => {
    db.transaction(() => {
      ensureCadence.run(userId, nudgeId);
      run();
    })();
  };
  return behindGate(db, {
    overrides(userId: string): Map<NudgeId, NudgeOverride> {
      return groupByUser(schedulesOf.all(userId), toOverride).get(userId) ?? new Map<NudgeId, NudgeOverride>();
    },
    allOverrides(): Map<string, Map<NudgeId, NudgeOverride>> {
      return groupByUser(allSchedules.all(), toOverride);
    },
    setOverride(userId: string, nudgeId: NudgeId, change: NudgeOverride, at: Date): void {
      upsertSchedule.run({ userId, nudgeId, time: change.time ?? null, weekdays: change.weekdays?.join(',') ?? null, at: at.toISOString() });
    },
    cadence(userId: string): Map<NudgeId, CadenceState> {
      return groupByUser(cadenceOf.all(userId), toCadence).get(userId) ?? new Map<NudgeId, CadenceState>();
    },
    allCadence(): Map<string, Map<NudgeId, CadenceState>> {
      return groupByUser(allCadence.all(), toCadence);
    },
    recordSent(userId: string, nudgeIds: readonly NudgeId[]): void {
      for (const id of nudgeIds) onCadence(userId, id, () => sentOnce.run(userId, id));
    },
    recordInteraction(userId: string, nudgeId: NudgeId): void {
      onCadence(userId, nudgeId, () => interacted.run(userId, nudgeId));
    },
    backOff(userId: string, nudgeId: NudgeId): void {
      onCadence(userId, nudgeId, () => backOff.run(userId, nudgeId));
    },
    askShown(userId: string, nudgeId: NudgeId): void {
      askShown.run(userId, nudgeId);
    },
    setLessOften(userId: string, nudgeId: NudgeId, lessOften: boolean): void {
      onCadence(userId, nudgeId, () => setLessOften.run(lessOften ? 'chosen' : 'no', userId, nudgeId));
    },
    markDoneForWeek(userId: string, nudgeId: NudgeId, weekStart: string): void {
      onCadence(userId, nudgeId, () => setDoneWeek.run(weekStart, userId, nudgeId));
    },
    holidays(): Holiday[] {
      return allHolidays.all().map((r) => ({ date: r.date, name: r.name, addedBy: r.added_by, addedAt: r.added_at }));
    },
    addHoliday(h: Holiday): boolean {
      return insertHoliday.run(h.date, h.name, h.addedBy, h.addedAt).changes === 1;
    },
    removeHoliday(date: string): boolean {
      return deleteHoliday.run(date).changes === 1;
    },
    optOuts(userId: string): Set<NudgeId> {
      return new Set(optOutsOf.all(userId).map((r) => r.nudge_id).filter(isNudgeId));
    },
    allOptOuts(): Map<string, Set<NudgeId>> {
      const out = new Map<string, Set<NudgeId>>();
      for (const r of allOptOuts.all()) {
        if (!isNudgeId(r.nudge_id)) continue;
        const set = out.get(r.user_id) ?? new Set<NudgeId>();
        set.add(r.nudge_id);
        out.set(r.user_id, set);
      }
      return out;
    },
    setNudge(userId: string, nudgeId: NudgeId, on: boolean, at: Date): void {
      if (on) deleteOptOut.run(userId, nudgeId);
      else insertOptOut.run(userId, nudgeId, at.toISOString());
    },
    cursors(): Map<string, string> {
      return new Map(allCursors.all().map((r) => [r.user_id, r.checked_until]));
    },
    /** Moves the cursors forward (never back), in one transaction. */
    advanceCursors(userIds: readonly string[], until: Date): void {
      const iso = until.toISOString();
      db.transaction(() => {
        for (const id of userIds) upsertCursor.run(id, iso);
      })();
    },
    addSnooze(s: Omit<Snooze, 'dueAt'> & { dueAt: Date; createdAt: Date }): boolean {
      return (
        insertSnooze.run({
          deliveryKey: s.deliveryKey,
          originKey: s.originKey,
          userId: s.userId,
          nudgeId: s.nudgeId,
          dueAt: s.dueAt.toISOString(),
          occurrence: s.occurrence,
          createdAt: s.createdAt.toISOString(),
        }).changes === 1
      );
    },
    /** Snoozes whose time has come and that were not delivered yet. */
    dueSnoozes(now: Date): Snooze[] {
      return dueSnoozes
        .all(now.toISOString())
        .filter((r) => isNudgeId(r.nudge_id))
        .map((r) => ({
          deliveryKey: r.delivery_key,
          originKey: r.origin_key,
          userId: r.user_id,
          nudgeId: r.nudge_id as NudgeId,
          dueAt: r.due_at,
          occurrence: r.occurrence,
        }));
    },
    recordResponse(key: string, userId: string, response: NudgeResponse, at: Date): void {
      upsertResponse.run(key, userId, response, at.toISOString());
    },
    responseTo(key: string): NudgeResponse | undefined {
      return responseOf.get(key)?.response;
    },
    /** The Wednesday question: is the team at 20% system improvement this week (week = local Monday)? */
    recordImprovementAnswer(userId: string, weekStart: string, atTarget: boolean, at: Date): void {
      upsertImprovement.run(userId, weekStart, atTarget ? 1 : 0, at.toISOString());
    },
    improvementAnswer(userId: string, weekStart: string): boolean | undefined {
      const r = improvementOf.get(userId, weekStart);
      return r ? r.at_target === 1 : undefined;
    },
  });
}
