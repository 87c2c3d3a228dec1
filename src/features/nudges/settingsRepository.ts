import { isNudgeId, type NudgeId } from './catalog';
import type { Db } from '../../core/db/connection';
import { behindGate } from '../../core/db/transactions';
import type { NudgeResponse, Snooze } from './entities';

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
  return behindGate(db, {
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
