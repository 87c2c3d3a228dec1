import type { SqlDatabase, SqlParams } from '../../core/db/sql';
import type { Workspace } from '../../core/workspace';
import type { Invitation, InvitationAnswer, Manager, NewInvitation, NewManager, WorkingHours } from './entities';

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
  coaching_started_at: string | null;
  coaching_offered_at: string | null;
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
    // The switch alone is not consent: `/lead nudges on all` before starting must not send anything.
    nudgesEnabled: row.nudges_enabled === 1 && row.coaching_started_at !== null,
    coachingStartedAt: row.coaching_started_at,
    coachingOfferedAt: row.coaching_offered_at,
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
  /** Records a manager, not coached (no nudges) until they start; resolves true when they were not enrolled before. */
  enrol(m: NewManager): Promise<boolean>;
  /**
   * Records the manager's choice to be coached: nudges on, reachable again. Resolves false when they
   * were already coaching (started, nudges on, reachable), so nothing changed.
   */
  startCoaching(userId: string, at: Date): Promise<boolean>;
  /** Withdraws the choice: no nudges until they start again. Resolves false when they were not coaching. */
  stopCoaching(userId: string): Promise<boolean>;
  /** Notes that Start coaching was offered; resolves true only the first time, and never once they started. */
  markCoachingOffered(userId: string, at: Date): Promise<boolean>;
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

export function createManagerRepository(db: SqlDatabase, workspace: Workspace): ManagerRepository {
  /** Runs one UPDATE/INSERT and says whether it changed exactly one manager. */
  const changedOne = async (sql: string, params: SqlParams): Promise<boolean> => (await db.run(sql, params)).changes === 1;
  return {
    async get(userId) {
      const row = await db.get<ManagerRow>('SELECT * FROM managers WHERE user_id = ? AND team_id = ?', [userId, workspace.id]);
      return row ? toManager(row) : undefined;
    },
    async list() {
      return (await db.all<ManagerRow>('SELECT * FROM managers WHERE team_id = ? ORDER BY user_id', [workspace.id])).map(toManager);
    },
    async enrol(m) {
      const at = m.enrolledAt.toISOString();
      return changedOne(
        `INSERT INTO managers (user_id, team_id, time_zone, time_zone_checked_at, enrolled_at, nudges_enabled)
         VALUES (@userId, @teamId, @timeZone, @checkedAt, @enrolledAt, 0)
         ON CONFLICT (team_id, user_id) DO NOTHING`,
        { userId: m.userId, teamId: workspace.id, timeZone: m.timeZone, checkedAt: at, enrolledAt: at },
      );
    },
    async startCoaching(userId, at) {
      // The first start also moves enrolled_at to it: nudges counted from enrolment (the first-week
      // README, the job's look-back) count from the day they chose coaching, not from their first /lead help.
      // One UPDATE whose WHERE is the check, so two presses at once change the row once.
      return changedOne(
        `UPDATE managers SET coaching_started_at = COALESCE(coaching_started_at, @at),
           enrolled_at = CASE WHEN first_coached_at IS NULL THEN @at ELSE enrolled_at END,
           first_coached_at = COALESCE(first_coached_at, @at),
           nudges_enabled = 1, unreachable_reason = NULL, unreachable_at = NULL
         WHERE user_id = @userId AND team_id = @team
           AND NOT (coaching_started_at IS NOT NULL AND nudges_enabled = 1 AND unreachable_reason IS NULL)`,
        { userId, team: workspace.id, at: at.toISOString() },
      );
    },
    async stopCoaching(userId) {
      return changedOne(
        'UPDATE managers SET coaching_started_at = NULL, nudges_enabled = 0 WHERE user_id = ? AND team_id = ? AND coaching_started_at IS NOT NULL',
        [userId, workspace.id],
      );
    },
    async markCoachingOffered(userId, at) {
      return changedOne(
        'UPDATE managers SET coaching_offered_at = ? WHERE user_id = ? AND team_id = ? AND coaching_offered_at IS NULL AND coaching_started_at IS NULL',
        [at.toISOString(), userId, workspace.id],
      );
    },
    async refreshSlackTimeZone(userId, timeZone, checkedAt) {
      await db.run(
        `UPDATE managers SET time_zone = CASE WHEN time_zone_source = 'slack' THEN @timeZone ELSE time_zone END,
           time_zone_checked_at = @checkedAt WHERE user_id = @userId AND team_id = @team`,
        { userId, team: workspace.id, timeZone, checkedAt: checkedAt.toISOString() },
      );
    },
    async overrideTimeZone(userId, timeZone) {
      await db.run(
        "UPDATE managers SET time_zone = @timeZone, time_zone_source = 'manual', time_zone_confirmed = 1 WHERE user_id = @userId AND team_id = @team",
        { userId, team: workspace.id, timeZone },
      );
    },
    async markTimeZoneUnknown(userId) {
      await db.run('UPDATE managers SET time_zone_confirmed = 0, time_zone_checked_at = NULL WHERE user_id = ? AND team_id = ?', [userId, workspace.id]);
    },
    async confirmTimeZone(userId) {
      await db.run('UPDATE managers SET time_zone_confirmed = 1 WHERE user_id = ? AND team_id = ?', [userId, workspace.id]);
    },
    async followSlackTimeZone(userId, timeZone, checkedAt) {
      await db.run(
        `UPDATE managers SET time_zone = @timeZone, time_zone_source = 'slack', time_zone_checked_at = @checkedAt, time_zone_confirmed = 1
         WHERE user_id = @userId AND team_id = @team`,
        { userId, team: workspace.id, timeZone, checkedAt: checkedAt.toISOString() },
      );
    },
    async delete(userId) {
      return changedOne('DELETE FROM managers WHERE user_id = ? AND team_id = ?', [userId, workspace.id]);
    },
    async setPausedUntil(userId, localDate) {
      await db.run('UPDATE managers SET paused_until = ? WHERE user_id = ? AND team_id = ?', [localDate, userId, workspace.id]);
    },
    async setNudgesEnabled(userId, enabled) {
      await db.run('UPDATE managers SET nudges_enabled = ? WHERE user_id = ? AND team_id = ?', [enabled ? 1 : 0, userId, workspace.id]);
    },
    async setWorkingHours(userId, hours) {
      await db.run('UPDATE managers SET working_days = ?, work_start = ?, work_end = ? WHERE user_id = ? AND team_id = ?', [
        hours.workingDays.join(','),
        hours.workStart,
        hours.workEnd,
        userId,
        workspace.id,
      ]);
    },
    async setShareInCohort(userId, share) {
      return changedOne('UPDATE managers SET share_in_cohort = ? WHERE user_id = ? AND team_id = ?', [share ? 1 : 0, userId, workspace.id]);
    },
    async markUnreachable(userId, reason, at) {
      await db.run('UPDATE managers SET unreachable_reason = ?, unreachable_at = ? WHERE user_id = ? AND team_id = ? AND unreachable_reason IS NULL', [
        reason,
        at.toISOString(),
        userId,
        workspace.id,
      ]);
    },
    async unreachableAt(userId) {
      const row = await db.get<{ unreachable_at: string | null }>('SELECT unreachable_at FROM managers WHERE user_id = ? AND team_id = ?', [userId, workspace.id]);
      return row?.unreachable_at ?? null;
    },
    async clearUnreachable(userId) {
      await db.run('UPDATE managers SET unreachable_reason = NULL, unreachable_at = NULL WHERE user_id = ? AND team_id = ?', [userId, workspace.id]);
    },
    async zonesToRefresh(before, limit) {
      // Never-checked zones first (SQLite sorts NULL first; PostgreSQL needs NULLS FIRST spelled out), ties by user.
      const rows = await db.all<{ user_id: string }>(
        `SELECT user_id FROM managers WHERE team_id = ? AND time_zone_source = 'slack' AND unreachable_reason IS NULL
           AND (time_zone_checked_at IS NULL OR time_zone_checked_at < ?)
         ORDER BY CASE WHEN time_zone_checked_at IS NULL THEN 0 ELSE 1 END, time_zone_checked_at, user_id LIMIT ?`,
        [workspace.id, before.toISOString(), limit],
      );
      return rows.map((r) => r.user_id);
    },
  };
}

interface InvitationRow {
  user_id: string;
  team_id: string;
  channel_id: string;
  invited_at: string;
  answer: InvitationAnswer | null;
  answered_at: string | null;
}

/** The `coaching_invitations` table: who `/lead enroll` invited, and what they answered. */
export interface InvitationRepository {
  get(userId: string): Promise<Invitation | undefined>;
  /** Records an invitation; resolves false when this person was invited before (nothing changes then). */
  add(invitation: NewInvitation): Promise<boolean>;
  /** Records the invitee's answer; resolves false when they were never invited. */
  answer(userId: string, answer: InvitationAnswer, at: Date): Promise<boolean>;
}

export function createInvitationRepository(db: SqlDatabase, workspace: Workspace): InvitationRepository {
  return {
    async get(userId) {
      const row = await db.get<InvitationRow>('SELECT * FROM coaching_invitations WHERE user_id = ? AND team_id = ?', [userId, workspace.id]);
      return row
        ? { userId: row.user_id, teamId: row.team_id, channelId: row.channel_id, invitedAt: row.invited_at, answer: row.answer, answeredAt: row.answered_at }
        : undefined;
    },
    async add(i) {
      const { changes } = await db.run(
        `INSERT INTO coaching_invitations (user_id, team_id, channel_id, invited_at) VALUES (@userId, @teamId, @channelId, @invitedAt)
         ON CONFLICT (team_id, user_id) DO NOTHING`,
        { userId: i.userId, teamId: workspace.id, channelId: i.channelId, invitedAt: i.invitedAt.toISOString() },
      );
      return changes === 1;
    },
    async answer(userId, answer, at) {
      const { changes } = await db.run('UPDATE coaching_invitations SET answer = ?, answered_at = ? WHERE user_id = ? AND team_id = ?', [
        answer,
        at.toISOString(),
        userId,
        workspace.id,
      ]);
      return changes === 1;
    },
  };
}
