import type { Db } from '../../core/db/connection';
import { sqliteGate } from '../../core/db/transactions';
import type { Manager, NewManager, WorkingHours } from './entities';

interface ManagerRow {
  user_id: string;
  team_id: string;
  time_zone: string;
  time_zone_source: 'slack' | 'manual';
  time_zone_checked_at: string | null;
  enrolled_at: string;
  working_days: string;
  work_start: string;
  work_end: string;
  nudges_enabled: number;
  paused_until: string | null;
  share_in_cohort: number;
  unreachable_reason: string | null;
  time_zone_confirmed: number;
}

function toManager(row: ManagerRow): Manager {
  return {
    userId: row.user_id,
    teamId: row.team_id,
    timeZone: row.time_zone,
    timeZoneSource: row.time_zone_source,
    timeZoneCheckedAt: row.time_zone_checked_at,
    enrolledAt: row.enrolled_at,
    workingDays: row.working_days
      .split(',')
      .filter(Boolean)
      .map(Number),
    workStart: row.work_start,
    workEnd: row.work_end,
    nudgesEnabled: row.nudges_enabled === 1,
    pausedUntil: row.paused_until,
    shareInCohort: row.share_in_cohort === 1,
    unreachableReason: row.unreachable_reason,
    timeZoneConfirmed: row.time_zone_confirmed === 1,
  };
}

/**
 * The `managers` table: the only way it is written (privacy's forget-me aside, which deletes by
 * user id across every table). Nudge settings, cohort sharing and reachability are its columns.
 */
export interface ManagerRepository {
  get(userId: string): Promise<Manager | undefined>;
  list(): Promise<Manager[]>;
  /** Records a manager; resolves true when they were not enrolled before. */
  enrol(m: NewManager): Promise<boolean>;
  /** Stores the zone Slack reports, unless the manager chose one by hand. */
  refreshSlackTimeZone(userId: string, timeZone: string, checkedAt: Date): Promise<void>;
  overrideTimeZone(userId: string, timeZone: string): Promise<void>;
  /** Slack gave no usable zone at first contact: nudges wait until one is confirmed, and Slack is asked again. */
  markTimeZoneUnknown(userId: string): Promise<void>;
  /** Slack reported a usable zone (just stored with refreshSlackTimeZone): nudges may follow it. */
  confirmTimeZone(userId: string): Promise<void>;
  /** Follows the Slack profile's zone again (after an override), starting with the zone Slack reports now. */
  followSlackTimeZone(userId: string, timeZone: string, checkedAt: Date): Promise<void>;
  delete(userId: string): Promise<boolean>;
  setPausedUntil(userId: string, localDate: string | null): Promise<void>;
  setNudgesEnabled(userId: string, enabled: boolean): Promise<void>;
  setWorkingHours(userId: string, hours: WorkingHours): Promise<void>;
  /** Opts a manager in or out of being named in the cohort summary; false when they are not enrolled. */
  setShareInCohort(userId: string, share: boolean): Promise<boolean>;
  /** Stops all nudges to someone Slack says cannot be reached; the first reason is kept. */
  markUnreachable(userId: string, reason: string, at: Date): Promise<void>;
  unreachableAt(userId: string): Promise<string | null>;
  clearUnreachable(userId: string): Promise<void>;
  /** Managers whose Slack time zone was last checked before `before`, oldest first. */
  zonesToRefresh(before: Date, limit: number): Promise<string[]>;
}

export function createManagerRepository(db: Db): ManagerRepository {
  const gate = sqliteGate(db);
  const byId = db.prepare<[string], ManagerRow>('SELECT * FROM managers WHERE user_id = ?');
  const all = db.prepare<[], ManagerRow>('SELECT * FROM managers ORDER BY user_id');
  const insert = db.prepare(
    `INSERT INTO managers (user_id, team_id, time_zone, time_zone_checked_at, enrolled_at)
     VALUES (@userId, @teamId, @timeZone, @checkedAt, @enrolledAt)
     ON CONFLICT (user_id) DO NOTHING`,
  );
  const setSlackZone = db.prepare(
    `UPDATE managers SET time_zone = CASE WHEN time_zone_source = 'slack' THEN @timeZone ELSE time_zone END,
       time_zone_checked_at = @checkedAt WHERE user_id = @userId`,
  );
  const setManualZone = db.prepare(
    `UPDATE managers SET time_zone = @timeZone, time_zone_source = 'manual', time_zone_confirmed = 1 WHERE user_id = @userId`,
  );
  const setZoneUnknown = db.prepare('UPDATE managers SET time_zone_confirmed = 0, time_zone_checked_at = NULL WHERE user_id = ?');
  const setZoneConfirmed = db.prepare('UPDATE managers SET time_zone_confirmed = 1 WHERE user_id = ?');
  const remove = db.prepare('DELETE FROM managers WHERE user_id = ?');
  const setSlackSource = db.prepare(
    `UPDATE managers SET time_zone = @timeZone, time_zone_source = 'slack', time_zone_checked_at = @checkedAt, time_zone_confirmed = 1
     WHERE user_id = @userId`,
  );
  const setPause = db.prepare('UPDATE managers SET paused_until = ? WHERE user_id = ?');
  const setEnabled = db.prepare('UPDATE managers SET nudges_enabled = ? WHERE user_id = ?');
  const setHours = db.prepare('UPDATE managers SET working_days = ?, work_start = ?, work_end = ? WHERE user_id = ?');
  const updateShare = db.prepare('UPDATE managers SET share_in_cohort = ? WHERE user_id = ?');
  const setUnreachable = db.prepare(
    'UPDATE managers SET unreachable_reason = ?, unreachable_at = ? WHERE user_id = ? AND unreachable_reason IS NULL',
  );
  const clearUnreachable = db.prepare('UPDATE managers SET unreachable_reason = NULL, unreachable_at = NULL WHERE user_id = ?');
  const unreachableAt = db.prepare<[string], { unreachable_at: string | null }>('SELECT unreachable_at FROM managers WHERE user_id = ?');
  const staleZones = db.prepare<[string, number], { user_id: string }>(
    `SELECT user_id FROM managers WHERE time_zone_source = 'slack' AND unreachable_reason IS NULL
       AND (time_zone_checked_at IS NULL OR time_zone_checked_at < ?)
     ORDER BY time_zone_checked_at LIMIT ?`,
  );
  return {
    async get(userId) {
      return gate.run(() => {
        const row = byId.get(userId);
        return row ? toManager(row) : undefined;
      });
    },
    async list() {
      return gate.run(() => all.all().map(toManager));
    },
    async enrol(m) {
      const at = m.enrolledAt.toISOString();
      return gate.run(
        () => insert.run({ userId: m.userId, teamId: m.teamId, timeZone: m.timeZone, checkedAt: at, enrolledAt: at }).changes === 1,
      );
    },
    async refreshSlackTimeZone(userId, timeZone, checkedAt) {
      return gate.run(() => {
        setSlackZone.run({ userId, timeZone, checkedAt: checkedAt.toISOString() });
      });
    },
    async overrideTimeZone(userId, timeZone) {
      return gate.run(() => {
        setManualZone.run({ userId, timeZone });
      });
    },
    async markTimeZoneUnknown(userId) {
      return gate.run(() => {
        setZoneUnknown.run(userId);
      });
    },
    async confirmTimeZone(userId) {
      return gate.run(() => {
        setZoneConfirmed.run(userId);
      });
    },
    async followSlackTimeZone(userId, timeZone, checkedAt) {
      return gate.run(() => {
        setSlackSource.run({ userId, timeZone, checkedAt: checkedAt.toISOString() });
      });
    },
    async delete(userId) {
      return gate.run(() => remove.run(userId).changes === 1);
    },
    async setPausedUntil(userId, localDate) {
      return gate.run(() => {
        setPause.run(localDate, userId);
      });
    },
    async setNudgesEnabled(userId, enabled) {
      return gate.run(() => {
        setEnabled.run(enabled ? 1 : 0, userId);
      });
    },
    async setWorkingHours(userId, hours) {
      return gate.run(() => {
        setHours.run(hours.workingDays.join(','), hours.workStart, hours.workEnd, userId);
      });
    },
    async setShareInCohort(userId, share) {
      return gate.run(() => updateShare.run(share ? 1 : 0, userId).changes === 1);
    },
    async markUnreachable(userId, reason, at) {
      return gate.run(() => {
        setUnreachable.run(reason, at.toISOString(), userId);
      });
    },
    async unreachableAt(userId) {
      return gate.run(() => unreachableAt.get(userId)?.unreachable_at ?? null);
    },
    async clearUnreachable(userId) {
      return gate.run(() => {
        clearUnreachable.run(userId);
      });
    },
    async zonesToRefresh(before, limit) {
      return gate.run(() => staleZones.all(before.toISOString(), limit).map((r) => r.user_id));
    },
  };
}
