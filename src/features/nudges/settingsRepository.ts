import { isNudgeId, type NudgeId } from './catalog';
import type { Db } from '../../core/db/connection';

export interface Snooze {
  deliveryKey: string;
  originKey: string;
  userId: string;
  nudgeId: NudgeId;
  dueAt: string;
  /** JSON of the occurrence that was snoozed. */
  occurrence: string;
}

interface SnoozeRow {
  delivery_key: string;
  origin_key: string;
  user_id: string;
  nudge_id: string;
  due_at: string;
  occurrence: string;
}

export type NudgeResponse = 'done' | 'skipped' | 'snoozed' | 'turned-off';

export type NudgeSettingsRepository = ReturnType<typeof createNudgeSettingsRepository>;

/**
 * A manager's nudge settings: the per-nudge opt-outs, snoozes, responses and the job's cursor
 * live in tables of their own; on/off, pause, working hours and reachability are columns of `managers`.
 */
export function createNudgeSettingsRepository(db: Db) {
  const optOutsOf = db.prepare<[string], { nudge_id: string }>('SELECT nudge_id FROM nudge_opt_outs WHERE user_id = ?');
  const allOptOuts = db.prepare<[], { user_id: string; nudge_id: string }>('SELECT user_id, nudge_id FROM nudge_opt_outs');
  const insertOptOut = db.prepare(
    'INSERT INTO nudge_opt_outs (user_id, nudge_id, opted_out_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const deleteOptOut = db.prepare('DELETE FROM nudge_opt_outs WHERE user_id = ? AND nudge_id = ?');
  const setPause = db.prepare('UPDATE managers SET paused_until = ? WHERE user_id = ?');
  const setEnabled = db.prepare('UPDATE managers SET nudges_enabled = ? WHERE user_id = ?');
  const setHours = db.prepare('UPDATE managers SET working_days = ?, work_start = ?, work_end = ? WHERE user_id = ?');
  const setUnreachable = db.prepare(
    'UPDATE managers SET unreachable_reason = ?, unreachable_at = ? WHERE user_id = ? AND unreachable_reason IS NULL',
  );
  const clearUnreachable = db.prepare('UPDATE managers SET unreachable_reason = NULL, unreachable_at = NULL WHERE user_id = ?');
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
  const staleZones = db.prepare<[string, number], { user_id: string }>(
    `SELECT user_id FROM managers WHERE time_zone_source = 'slack' AND unreachable_reason IS NULL
       AND (time_zone_checked_at IS NULL OR time_zone_checked_at < ?)
     ORDER BY time_zone_checked_at LIMIT ?`,
  );
  const unreachableAt = db.prepare<[string], { unreachable_at: string | null }>('SELECT unreachable_at FROM managers WHERE user_id = ?');

  return {
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
    setPausedUntil(userId: string, localDate: string | null): void {
      setPause.run(localDate, userId);
    },
    setNudgesEnabled(userId: string, enabled: boolean): void {
      setEnabled.run(enabled ? 1 : 0, userId);
    },
    setWorkingHours(userId: string, hours: { workingDays: number[]; workStart: string; workEnd: string }): void {
      setHours.run(hours.workingDays.join(','), hours.workStart, hours.workEnd, userId);
    },
    /** Stops all nudges to someone Slack says cannot be reached; the first reason is kept. */
    markUnreachable(userId: string, reason: string, at: Date): void {
      setUnreachable.run(reason, at.toISOString(), userId);
    },
    unreachableAt(userId: string): string | null {
      return unreachableAt.get(userId)?.unreachable_at ?? null;
    },
    clearUnreachable(userId: string): void {
      clearUnreachable.run(userId);
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
    /** Managers whose Slack time zone was last checked before `before`, oldest first. */
    zonesToRefresh(before: Date, limit: number): string[] {
      return staleZones.all(before.toISOString(), limit).map((r) => r.user_id);
    },
  };
}
