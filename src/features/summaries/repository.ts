import { CATEGORY_IDS, emptyMinutes, type CategoryId, type CategoryMinutes } from '../../core/categories';
import { addLocalDays } from '../../core/dates/localDate';
import type { SqlDatabase } from '../../core/db/sql';
import type { Workspace } from '../../core/workspace';
import { MIN_GROUP, type ChartStatus, type CohortPost, type OwnRanges, type SummaryRecipient, type SummarySettings } from './entities';

interface SettingsRow {
  channel_id: string | null;
  set_by: string | null;
  set_at: string | null;
  time_zone: string;
  version: number;
  min_group: number;
}

interface CohortPostRow {
  week_start: string;
  channel_id: string;
  settings_version: number;
  status: CohortPost['status'];
  message_ts: string | null;
  error: string | null;
  chart_status: CohortPost['chartStatus'];
  chart_file_id: string | null;
  chart_error: string | null;
  updated_at: string;
}

export interface ChartResume {
  interruptedBefore: Date;
  retryFailedBefore: Date;
  retryableErrors: readonly string[];
}

/** The weekly summaries: the cohort channel setting, what was posted, and the figures they are made from. */
/** One try at the week's cohort post, as recorded. */
export interface CohortAttempt {
  weekStart: string;
  channelId: string;
  version: number;
  status: 'posted' | 'failed';
  ts?: string;
  error?: string;
  at: Date;
}

export interface SummaryRepository {
  settings(): Promise<SummarySettings>;
  setChannel(channelId: string, setBy: string, at: Date): Promise<SummarySettings>;
  setTimeZone(timeZone: string): Promise<void>;
  setMinGroup(minGroup: number): Promise<void>;
  cohortPost(weekStart: string): Promise<CohortPost | undefined>;
  /** Records how the week's post went; a week already posted is never overwritten. */
  recordCohortAttempt(a: CohortAttempt): Promise<void>;
  /** Records that nobody logged in the week, so the job neither posts nor tries again. */
  recordCohortEmpty(a: { weekStart: string; channelId: string; version: number; at: Date }): Promise<void>;
  /**
   * Takes the chance to upload the week's chart: the first one, or, with `resume`, another after an
   * upload that was interrupted (`uploading` since before `interruptedBefore`) or failed with one of
   * `retryableErrors` before `retryFailedBefore`. False when someone else holds or finished it.
   */
  claimChart(weekStart: string, at: Date, resume?: ChartResume): Promise<boolean>;
  recordChart(weekStart: string, status: Exclude<ChartStatus, 'uploading'>, at: Date, detail?: { fileId?: string; error?: string }): Promise<void>;
  personalHandled(weekStart: string): Promise<Set<string>>;
  recordPersonal(userId: string, weekStart: string, kind: 'report' | 'no-data', status: 'sent' | 'failed', at: Date, error?: string): Promise<void>;
  recipients(): Promise<SummaryRecipient[]>;
  /**
   * Minutes per manager, week and category for `weekCount` weeks starting on the Monday `from`.
   * Each manager's entries are filed under their own local dates, so a week is their own Monday to Sunday.
   */
  minutesByWeek(from: string, to: string, weekCount: number): Promise<Map<string, CategoryMinutes[]>>;
  /** Every manager's own target ranges, for summaries over the whole cohort. */
  allTargetOverrides(): Promise<Map<string, OwnRanges>>;
  /** The Wednesday "20% on system improvement?" answers for the week starting `weekStart`. */
  improvementAnswers(weekStart: string): Promise<Map<string, boolean>>;
}

export function createSummaryRepository(db: SqlDatabase, workspace: Workspace): SummaryRepository {
  async function readSettings(): Promise<SummarySettings> {
    const r = await db.get<SettingsRow>(
      'SELECT channel_id, set_by, set_at, time_zone, version, min_group FROM summary_settings WHERE team_id = ?',
      [workspace.id],
    );
    if (!r) return { channelId: null, setBy: null, setAt: null, timeZone: 'UTC', version: 0, minGroup: MIN_GROUP.default };
    return { channelId: r.channel_id, setBy: r.set_by, setAt: r.set_at, timeZone: r.time_zone, version: r.version, minGroup: r.min_group };
  }

  function toPost(r: CohortPostRow): CohortPost {
    return {
      weekStart: r.week_start,
      channelId: r.channel_id,
      settingsVersion: r.settings_version,
      status: r.status,
      messageTs: r.message_ts,
      error: r.error,
      chartStatus: r.chart_status,
      chartFileId: r.chart_file_id,
      chartError: r.chart_error,
      updatedAt: r.updated_at,
    };
  }

  return {
    settings: readSettings,
    setChannel(channelId: string, setBy: string, at: Date): Promise<SummarySettings> {
      return db.transaction(async () => {
        await db.run(
          `INSERT INTO summary_settings (team_id, channel_id, set_by, set_at, version) VALUES (?, ?, ?, ?, 1)
           ON CONFLICT (team_id) DO UPDATE SET channel_id = excluded.channel_id, set_by = excluded.set_by,
             set_at = excluded.set_at, version = summary_settings.version + 1`,
          [workspace.id, channelId, setBy, at.toISOString()],
        );
        return readSettings();
      });
    },
    async setTimeZone(timeZone: string): Promise<void> {
      await db.run(
        'INSERT INTO summary_settings (team_id, time_zone) VALUES (?, ?) ON CONFLICT (team_id) DO UPDATE SET time_zone = excluded.time_zone',
        [workspace.id, timeZone],
      );
    },
    async setMinGroup(minGroup: number): Promise<void> {
      await db.run(
        'INSERT INTO summary_settings (team_id, min_group) VALUES (?, ?) ON CONFLICT (team_id) DO UPDATE SET min_group = excluded.min_group',
        [workspace.id, minGroup],
      );
    },

    async cohortPost(weekStart: string): Promise<CohortPost | undefined> {
      const r = await db.get<CohortPostRow>('SELECT * FROM cohort_posts WHERE team_id = ? AND week_start = ?', [workspace.id, weekStart]);
      return r ? toPost(r) : undefined;
    },
    /** Records how the week's post went; a week already posted is never overwritten. */
    async recordCohortAttempt(a: CohortAttempt): Promise<void> {
      await db.run(
        `INSERT INTO cohort_posts (team_id, week_start, channel_id, settings_version, status, message_ts, error, updated_at)
         VALUES (@team, @weekStart, @channelId, @version, @status, @ts, @error, @at)
         ON CONFLICT (team_id, week_start) DO UPDATE SET channel_id = excluded.channel_id, settings_version = excluded.settings_version,
           status = excluded.status, message_ts = excluded.message_ts, error = excluded.error, updated_at = excluded.updated_at
         WHERE cohort_posts.status <> 'posted'`,
        {
          team: workspace.id,
          weekStart: a.weekStart,
          channelId: a.channelId,
          version: a.version,
          status: a.status,
          ts: a.ts ?? null,
          error: a.error ?? null,
          at: a.at.toISOString(),
        },
      );
    },
    async recordCohortEmpty(a: { weekStart: string; channelId: string; version: number; at: Date }): Promise<void> {
      await db.run(
        `INSERT INTO cohort_posts (team_id, week_start, channel_id, settings_version, status, updated_at)
         VALUES (@team, @weekStart, @channelId, @version, 'empty', @at) ON CONFLICT (team_id, week_start) DO NOTHING`,
        { team: workspace.id, weekStart: a.weekStart, channelId: a.channelId, version: a.version, at: a.at.toISOString() },
      );
    },
    /** See SummaryRepository.claimChart. One conditional UPDATE, so of two processes only one takes it. */
    async claimChart(weekStart: string, at: Date, resume?: ChartResume): Promise<boolean> {
      const errors = resume?.retryableErrors ?? [];
      const errorParams: Record<string, string> = {};
      errors.forEach((error, i) => (errorParams[`e${i}`] = error));
      const retryable = errors.length ? `chart_error IN (${errors.map((_, i) => `@e${i}`).join(', ')})` : '1 = 0';
      const { changes } = await db.run(
        `UPDATE cohort_posts SET chart_status = 'uploading', chart_error = NULL, updated_at = @at
         WHERE team_id = @team AND week_start = @weekStart AND status = 'posted' AND (
           chart_status IS NULL
           OR (chart_status = 'uploading' AND updated_at < @interruptedBefore)
           OR (chart_status = 'failed' AND updated_at < @retryFailedBefore AND ${retryable}))`,
        {
          team: workspace.id,
          weekStart,
          at: at.toISOString(),
          interruptedBefore: resume?.interruptedBefore.toISOString() ?? '',
          retryFailedBefore: resume?.retryFailedBefore.toISOString() ?? '',
          ...errorParams,
        },
      );
      return changes === 1;
    },
    async recordChart(
      weekStart: string,
      status: Exclude<ChartStatus, 'uploading'>,
      at: Date,
      detail: { fileId?: string; error?: string } = {},
    ): Promise<void> {
      await db.run('UPDATE cohort_posts SET chart_status = ?, chart_file_id = ?, chart_error = ?, updated_at = ? WHERE team_id = ? AND week_start = ?', [
        status,
        detail.fileId ?? null,
        detail.error ?? null,
        at.toISOString(),
        workspace.id,
        weekStart,
      ]);
    },

    async personalHandled(weekStart: string): Promise<Set<string>> {
      const rows = await db.all<{ user_id: string }>('SELECT user_id FROM personal_summaries WHERE team_id = ? AND week_start = ?', [workspace.id, weekStart]);
      return new Set(rows.map((r) => r.user_id));
    },
    async recordPersonal(
      userId: string,
      weekStart: string,
      kind: 'report' | 'no-data',
      status: 'sent' | 'failed',
      at: Date,
      error?: string,
    ): Promise<void> {
      await db.run(
        `INSERT INTO personal_summaries (team_id, user_id, week_start, kind, status, error, handled_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (team_id, week_start, user_id) DO NOTHING`,
        [workspace.id, userId, weekStart, kind, status, error ?? null, at.toISOString()],
      );
    },

    async recipients(): Promise<SummaryRecipient[]> {
      const rows = await db.all<{
        user_id: string;
        time_zone: string;
        enrolled_at: string;
        share_in_cohort: number;
        nudges_enabled: number;
        paused_until: string | null;
        unreachable_reason: string | null;
      }>(
        `SELECT user_id, time_zone, enrolled_at, share_in_cohort, nudges_enabled, paused_until, unreachable_reason
         FROM managers WHERE team_id = ? ORDER BY user_id`,
        [workspace.id],
      );
      return rows.map((r) => ({
        userId: r.user_id,
        timeZone: r.time_zone,
        enrolledAt: r.enrolled_at,
        shareInCohort: r.share_in_cohort === 1,
        nudgesEnabled: r.nudges_enabled === 1,
        pausedUntil: r.paused_until,
        unreachable: r.unreachable_reason !== null,
      }));
    },
    /**
     * Minutes per manager, week and category for `weekCount` weeks starting on the Monday `from`.
     * Each manager's entries are filed under their own local dates, so a week is their own Monday to Sunday.
     */
    async minutesByWeek(from: string, to: string, weekCount: number): Promise<Map<string, CategoryMinutes[]>> {
      const params: Record<string, string> = { team: workspace.id, from, to };
      for (let i = 1; i < weekCount; i++) params[`b${i}`] = addLocalDays(from, 7 * i);
      const out = new Map<string, CategoryMinutes[]>();
      for (const row of await db.all<Record<string, unknown>>(pivotSql(weekCount), params)) {
        const userId = row.user_id as string;
        const category = row.category as CategoryId;
        if (!CATEGORY_IDS.includes(category)) continue;
        let weeks = out.get(userId);
        if (!weeks) {
          weeks = Array.from({ length: weekCount }, emptyMinutes);
          out.set(userId, weeks);
        }
        for (let i = 0; i < weekCount; i++) {
          const week = weeks[i];
          if (week) week[category] = Number(row[`w${i}`] ?? 0);
        }
      }
      return out;
    },
    /** Every manager's own target ranges, for summaries over the whole cohort. */
    async allTargetOverrides(): Promise<Map<string, OwnRanges>> {
      const out = new Map<string, OwnRanges>();
      const rows = await db.all<{ user_id: string; category: CategoryId; min_percent: number; max_percent: number }>(
        'SELECT user_id, category, min_percent, max_percent FROM manager_targets WHERE team_id = ? ORDER BY user_id, category',
        [workspace.id],
      );
      for (const r of rows) {
        const own = out.get(r.user_id) ?? {};
        own[r.category] = { min: r.min_percent, max: r.max_percent };
        out.set(r.user_id, own);
      }
      return out;
    },
    /** The Wednesday "20% on system improvement?" answers for the week starting `weekStart`. */
    async improvementAnswers(weekStart: string): Promise<Map<string, boolean>> {
      const rows = await db.all<{ user_id: string; at_target: number }>(
        'SELECT user_id, at_target FROM improvement_answers WHERE team_id = ? AND week_start = ?',
        [workspace.id, weekStart],
      );
      return new Map(rows.map((r) => [r.user_id, r.at_target === 1]));
    },
  };
}

const pivots = new Map<number, string>();

/**
 * One pass over the window on the covering index; each week is a column (w0, w1…), so the engine
 * only groups by manager and category (a few rows per manager) instead of sorting every entry by week.
 */
function pivotSql(weekCount: number): string {
  let sql = pivots.get(weekCount);
  if (!sql) {
    const columns = Array.from({ length: weekCount }, (_, i) => {
      const after = i === 0 ? '' : `local_date >= @b${i}`;
      const before = i === weekCount - 1 ? '' : `local_date < @b${i + 1}`;
      const when = [after, before].filter(Boolean).join(' AND ') || '1 = 1';
      return `SUM(CASE WHEN ${when} THEN minutes ELSE 0 END) AS w${i}`;
    });
    sql = `SELECT user_id, category, ${columns.join(', ')} FROM time_entries
           WHERE team_id = @team AND local_date BETWEEN @from AND @to GROUP BY user_id, category ORDER BY user_id, category`;
    pivots.set(weekCount, sql);
  }
  return sql;
}
