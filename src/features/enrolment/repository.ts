import type { Db } from '../../core/db/connection';

export interface Manager {
  userId: string;
  teamId: string;
  timeZone: string;
  timeZoneSource: 'slack' | 'manual';
  timeZoneCheckedAt: string | null;
  enrolledAt: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  workingDays: number[];
  workStart: string;
  workEnd: string;
  nudgesEnabled: boolean;
  pausedUntil: string | null;
  shareInCohort: boolean;
  unreachableReason: string | null;
}

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
  };
}

export interface NewManager {
  userId: string;
  teamId: string;
  timeZone: string;
  enrolledAt: Date;
}

export type ManagerRepository = ReturnType<typeof createManagerRepository>;

export function createManagerRepository(db: Db) {
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
    `UPDATE managers SET time_zone = @timeZone, time_zone_source = 'manual' WHERE user_id = @userId`,
  );
  const remove = db.prepare('DELETE FROM managers WHERE user_id = ?');
  const setSlackSource = db.prepare(
    `UPDATE managers SET time_zone = @timeZone, time_zone_source = 'slack', time_zone_checked_at = @checkedAt WHERE user_id = @userId`,
  );
  const freshness = db.prepare<[string], { time_zone_source: 'slack' | 'manual'; time_zone_checked_at: string | null }>(
    'SELECT time_zone_source, time_zone_checked_at FROM managers WHERE user_id = ?',
  );

  return {
    get(userId: string): Manager | undefined {
      const row = byId.get(userId);
      return row ? toManager(row) : undefined;
    },
    /** Where the manager's time zone comes from and when Slack was last asked; undefined when not enrolled. */
    timeZoneFreshness(userId: string): Pick<Manager, 'timeZoneSource' | 'timeZoneCheckedAt'> | undefined {
      const row = freshness.get(userId);
      return row ? { timeZoneSource: row.time_zone_source, timeZoneCheckedAt: row.time_zone_checked_at } : undefined;
    },
    list(): Manager[] {
      return all.all().map(toManager);
    },
    /** Records a manager; returns true when they were not enrolled before. */
    enrol(m: NewManager): boolean {
      const at = m.enrolledAt.toISOString();
      return (
        insert.run({ userId: m.userId, teamId: m.teamId, timeZone: m.timeZone, checkedAt: at, enrolledAt: at })
          .changes === 1
      );
    },
    /** Stores the zone Slack reports, unless the manager chose one by hand. */
    refreshSlackTimeZone(userId: string, timeZone: string, checkedAt: Date): void {
      setSlackZone.run({ userId, timeZone, checkedAt: checkedAt.toISOString() });
    },
    overrideTimeZone(userId: string, timeZone: string): void {
      setManualZone.run({ userId, timeZone });
    },
    /** Follows the Slack profile's zone again (after an override), starting with the zone Slack reports now. */
    followSlackTimeZone(userId: string, timeZone: string, checkedAt: Date): void {
      setSlackSource.run({ userId, timeZone, checkedAt: checkedAt.toISOString() });
    },
    delete(userId: string): boolean {
      return remove.run(userId).changes === 1;
    },
  };
}
