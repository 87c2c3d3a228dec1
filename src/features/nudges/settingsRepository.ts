import { isNudgeId, type NudgeId, type NudgeOverride } from './catalog';
import type { SqlDatabase, SqlValue } from '../../core/db/sql';
import type { Workspace } from '../../core/workspace';
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
 *
 * Every statement reads and writes only `workspace`'s rows (its `team_id`, read when the statement
 * runs: the installed workspace is learned after the repository is built). The lists the nudges job
 * reads (all opt-outs, overrides, cadence, cursors, due snoozes) are this workspace's managers only.
 */
export function createNudgeSettingsRepository(db: SqlDatabase, workspace: Workspace): NudgeSettingsRepository {
  /** The manager's cadence row for the nudge (created at its defaults when missing), then the change, together. */
  const onCadence = (team: string, userId: string, nudgeId: NudgeId, sql: string, params: SqlValue[]): Promise<void> =>
    db.transaction(async () => {
      await db.run('INSERT INTO nudge_cadence (team_id, user_id, nudge_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [team, userId, nudgeId]);
      await db.run(sql, params);
    });
  return {
    async overrides(userId) {
      const rows = await db.all<ScheduleRow>('SELECT * FROM nudge_schedules WHERE team_id = ? AND user_id = ? ORDER BY nudge_id', [workspace.id, userId]);
      return groupByUser(rows, toOverride).get(userId) ?? new Map<NudgeId, NudgeOverride>();
    },
    async allOverrides() {
      return groupByUser(
        await db.all<ScheduleRow>('SELECT * FROM nudge_schedules WHERE team_id = ? ORDER BY user_id, nudge_id', [workspace.id]),
        toOverride,
      );
    },
    async setOverride(userId, nudgeId, change, at) {
      // The table's name on the stored row's columns: PostgreSQL calls a bare name there ambiguous.
      await db.run(
        `INSERT INTO nudge_schedules (team_id, user_id, nudge_id, local_time, weekdays, updated_at)
         VALUES (@team, @userId, @nudgeId, @time, @weekdays, @at)
         ON CONFLICT (team_id, user_id, nudge_id) DO UPDATE SET local_time = COALESCE(excluded.local_time, nudge_schedules.local_time),
           weekdays = COALESCE(excluded.weekdays, nudge_schedules.weekdays), updated_at = excluded.updated_at`,
        { team: workspace.id, userId, nudgeId, time: change.time ?? null, weekdays: change.weekdays?.join(',') ?? null, at: at.toISOString() },
      );
    },
    async cadence(userId) {
      const rows = await db.all<CadenceRow>('SELECT * FROM nudge_cadence WHERE team_id = ? AND user_id = ? ORDER BY nudge_id', [workspace.id, userId]);
      return groupByUser(rows, toCadence).get(userId) ?? new Map<NudgeId, CadenceState>();
    },
    async allCadence() {
      return groupByUser(await db.all<CadenceRow>('SELECT * FROM nudge_cadence WHERE team_id = ? ORDER BY user_id, nudge_id', [workspace.id]), toCadence);
    },
    async recordSent(userId, nudgeIds) {
      const team = workspace.id;
      await db.transaction(async () => {
        for (const id of nudgeIds) {
          await onCadence(
            team,
            userId,
            id,
            'UPDATE nudge_cadence SET ignored_in_row = ignored_in_row + 1 WHERE team_id = ? AND user_id = ? AND nudge_id = ?',
            [team, userId, id],
          );
        }
      });
    },
    async recordInteraction(userId, nudgeId) {
      const team = workspace.id;
      await onCadence(
        team,
        userId,
        nudgeId,
        `UPDATE nudge_cadence SET ignored_in_row = 0, ask_pending = 0,
           less_often = CASE less_often WHEN 'backed-off' THEN 'no' ELSE less_often END WHERE team_id = ? AND user_id = ? AND nudge_id = ?`,
        [team, userId, nudgeId],
      );
    },
    async backOff(userId, nudgeId) {
      const team = workspace.id;
      await onCadence(
        team,
        userId,
        nudgeId,
        "UPDATE nudge_cadence SET less_often = 'backed-off', ask_pending = 1 WHERE team_id = ? AND user_id = ? AND nudge_id = ?",
        [team, userId, nudgeId],
      );
    },
    async askShown(userId, nudgeId) {
      await db.run('UPDATE nudge_cadence SET ask_pending = 0 WHERE team_id = ? AND user_id = ? AND nudge_id = ?', [workspace.id, userId, nudgeId]);
    },
    async setLessOften(userId, nudgeId, lessOften) {
      const team = workspace.id;
      await onCadence(
        team,
        userId,
        nudgeId,
        'UPDATE nudge_cadence SET less_often = ?, ignored_in_row = 0, ask_pending = 0 WHERE team_id = ? AND user_id = ? AND nudge_id = ?',
        [lessOften ? 'chosen' : 'no', team, userId, nudgeId],
      );
    },
    async markDoneForWeek(userId, nudgeId, weekStart) {
      const team = workspace.id;
      await onCadence(team, userId, nudgeId, 'UPDATE nudge_cadence SET done_week = ? WHERE team_id = ? AND user_id = ? AND nudge_id = ?', [
        weekStart,
        team,
        userId,
        nudgeId,
      ]);
    },
    async holidays() {
      const rows = await db.all<{ date: string; name: string; added_by: string; added_at: string }>(
        'SELECT date, name, added_by, added_at FROM workspace_holidays WHERE team_id = ? ORDER BY date',
        [workspace.id],
      );
      return rows.map((r) => ({ date: r.date, name: r.name, addedBy: r.added_by, addedAt: r.added_at }));
    },
    async addHoliday(h) {
      const { changes } = await db.run(
        'INSERT INTO workspace_holidays (team_id, date, name, added_by, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [workspace.id, h.date, h.name, h.addedBy, h.addedAt],
      );
      return changes === 1;
    },
    async removeHoliday(date) {
      return (await db.run('DELETE FROM workspace_holidays WHERE team_id = ? AND date = ?', [workspace.id, date])).changes === 1;
    },
    async optOuts(userId) {
      const rows = await db.all<{ nudge_id: string }>('SELECT nudge_id FROM nudge_opt_outs WHERE team_id = ? AND user_id = ? ORDER BY nudge_id', [
        workspace.id,
        userId,
      ]);
      return new Set(rows.map((r) => r.nudge_id).filter(isNudgeId));
    },
    async allOptOuts() {
      const out = new Map<string, Set<NudgeId>>();
      const rows = await db.all<{ user_id: string; nudge_id: string }>(
        'SELECT user_id, nudge_id FROM nudge_opt_outs WHERE team_id = ? ORDER BY user_id, nudge_id',
        [workspace.id],
      );
      for (const r of rows) {
        if (!isNudgeId(r.nudge_id)) continue;
        const set = out.get(r.user_id) ?? new Set<NudgeId>();
        set.add(r.nudge_id);
        out.set(r.user_id, set);
      }
      return out;
    },
    async setNudge(userId, nudgeId, on, at) {
      const team = workspace.id;
      if (on) await db.run('DELETE FROM nudge_opt_outs WHERE team_id = ? AND user_id = ? AND nudge_id = ?', [team, userId, nudgeId]);
      else {
        await db.run('INSERT INTO nudge_opt_outs (team_id, user_id, nudge_id, opted_out_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [
          team,
          userId,
          nudgeId,
          at.toISOString(),
        ]);
      }
    },
    async cursors() {
      const rows = await db.all<{ user_id: string; checked_until: string }>(
        'SELECT user_id, checked_until FROM nudge_cursors WHERE team_id = ? ORDER BY user_id',
        [workspace.id],
      );
      return new Map(rows.map((r) => [r.user_id, r.checked_until]));
    },
    async advanceCursors(userIds, until) {
      const team = workspace.id;
      const iso = until.toISOString();
      await db.transaction(async () => {
        for (const id of userIds) {
          // Never back: the later of the stored and the new instant (ISO text compares in time order).
          await db.run(
            `INSERT INTO nudge_cursors (team_id, user_id, checked_until) VALUES (?, ?, ?)
             ON CONFLICT (team_id, user_id) DO UPDATE SET checked_until = CASE WHEN excluded.checked_until > nudge_cursors.checked_until
               THEN excluded.checked_until ELSE nudge_cursors.checked_until END`,
            [team, id, iso],
          );
        }
      });
    },
    async addSnooze(s) {
      const { changes } = await db.run(
        `INSERT INTO nudge_snoozes (team_id, delivery_key, origin_key, user_id, nudge_id, due_at, occurrence, created_at)
         VALUES (@team, @deliveryKey, @originKey, @userId, @nudgeId, @dueAt, @occurrence, @createdAt) ON CONFLICT DO NOTHING`,
        {
          team: workspace.id,
          deliveryKey: s.deliveryKey,
          originKey: s.originKey,
          userId: s.userId,
          nudgeId: s.nudgeId,
          dueAt: s.dueAt.toISOString(),
          occurrence: s.occurrence,
          createdAt: s.createdAt.toISOString(),
        },
      );
      return changes === 1;
    },
    async dueSnoozes(now) {
      // A delivery of another workspace under the same key is not this snooze's.
      const rows = await db.all<SnoozeRow>(
        `SELECT s.* FROM nudge_snoozes s LEFT JOIN deliveries d ON d.team_id = s.team_id AND d.key = s.delivery_key
         WHERE s.team_id = ? AND s.due_at <= ? AND d.key IS NULL ORDER BY s.due_at, s.delivery_key`,
        [workspace.id, now.toISOString()],
      );
      return rows
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
    async recordResponse(key, userId, response, at) {
      await db.run(
        `INSERT INTO nudge_responses (team_id, key, user_id, response, responded_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (team_id, key) DO UPDATE SET response = excluded.response, responded_at = excluded.responded_at`,
        [workspace.id, key, userId, response, at.toISOString()],
      );
    },
    async responseTo(key) {
      return (await db.get<{ response: NudgeResponse }>('SELECT response FROM nudge_responses WHERE team_id = ? AND key = ?', [workspace.id, key]))
        ?.response;
    },
    async recordImprovementAnswer(userId, weekStart, atTarget, at) {
      await db.run(
        `INSERT INTO improvement_answers (team_id, user_id, week_start, at_target, answered_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (team_id, user_id, week_start) DO UPDATE SET at_target = excluded.at_target, answered_at = excluded.answered_at`,
        [workspace.id, userId, weekStart, atTarget ? 1 : 0, at.toISOString()],
      );
    },
    async improvementAnswer(userId, weekStart) {
      const r = await db.get<{ at_target: number }>(
        'SELECT at_target FROM improvement_answers WHERE team_id = ? AND user_id = ? AND week_start = ?',
        [workspace.id, userId, weekStart],
      );
      return r ? r.at_target === 1 : undefined;
    },
  };
}
