import { z } from '../../core/zod';

import { CATEGORY_IDS, emptyMinutes, type CategoryId } from '../../core/categories';
import type { SqlDatabase } from '../../core/db/sql';
import type { Workspace } from '../../core/workspace';
import type { CalendarDay, CalendarLink, CalendarRule, FoundOneOnOne, FoundOneOnOneState } from './entities';

interface LinkRow {
  user_id: string;
  url_cipher: string;
  url_hint: string;
  linked_at: string;
  last_ok_at: string | null;
  failures: number;
  failing_since: string | null;
  last_problem: string | null;
  next_refresh_at: string;
}

interface DayRow {
  local_date: string;
  minutes: string;
  no_code_minutes: number;
  events: number;
}

interface RuleRow {
  id: number;
  user_id: string;
  phrase: string;
  category: CategoryId;
  created_at: string;
}

interface FoundRow {
  series_uid: string;
  title: string;
  weekday: number;
  local_time: string;
  cadence: 'weekly' | 'biweekly';
  first_date: string;
  state: FoundOneOnOneState;
  report_user_id: string | null;
}

/** A found 1:1 with what became of its offer. */
export type FoundOneOnOneRecord = FoundOneOnOne & { state: FoundOneOnOneState; reportUserId: string | null };

const storedMinutes = z.record(z.string(), z.number());

function toLink(r: LinkRow): CalendarLink {
  return {
    userId: r.user_id,
    urlCipher: r.url_cipher,
    urlHint: r.url_hint,
    linkedAt: r.linked_at,
    lastOkAt: r.last_ok_at,
    failures: r.failures,
    failingSince: r.failing_since,
    lastProblem: r.last_problem,
    nextRefreshAt: r.next_refresh_at,
  };
}

function toDay(r: DayRow): CalendarDay {
  const minutes = emptyMinutes();
  const parsed = storedMinutes.safeParse(JSON.parse(r.minutes));
  if (parsed.success) for (const c of CATEGORY_IDS) minutes[c] = Math.max(0, Math.round(parsed.data[c] ?? 0));
  return { localDate: r.local_date, minutes, noCodeMinutes: r.no_code_minutes, events: r.events };
}

function toRule(r: RuleRow): CalendarRule {
  return { id: r.id, userId: r.user_id, phrase: r.phrase, category: r.category, createdAt: r.created_at };
}

function toFound(r: FoundRow): FoundOneOnOneRecord {
  return {
    seriesUid: r.series_uid,
    title: r.title,
    weekday: r.weekday,
    time: r.local_time,
    cadence: r.cadence,
    firstDate: r.first_date,
    state: r.state,
    reportUserId: r.report_user_id,
  };
}

/** The calendar feature's tables: links, day summaries, rules, logged days, found 1:1s. */
export interface CalendarRepository {
  link(userId: string): Promise<CalendarLink | undefined>;
  /** Links (or relinks) a calendar; a relink starts afresh (no failures, new day summaries). */
  saveLink(link: { userId: string; urlCipher: string; urlHint: string; at: Date; nextRefreshAt: Date }, days: readonly CalendarDay[]): Promise<void>;
  /** Removes the link and everything read from it (day summaries, found 1:1s); the manager's own rules stay. */
  removeLink(userId: string): Promise<boolean>;
  /** Links whose next read is due, oldest first. */
  due(now: Date, limit: number): Promise<CalendarLink[]>;
  /** A successful read: replaces the day summaries of the read window and clears the failures. */
  recordRead(userId: string, at: Date, nextRefreshAt: Date, window: { from: string; to: string }, days: readonly CalendarDay[]): Promise<void>;
  /** A failed read: counts it and sets when to try again. */
  recordFailure(userId: string, at: Date, problem: string, nextRefreshAt: Date): Promise<CalendarLink | undefined>;
  day(userId: string, localDate: string): Promise<CalendarDay | undefined>;
  days(userId: string, from: string, to: string): Promise<CalendarDay[]>;
  rules(userId: string): Promise<CalendarRule[]>;
  /** Adds a rule, or changes the category of the same phrase; resolves whether it existed. */
  saveRule(userId: string, phrase: string, category: CategoryId, at: Date): Promise<{ updated: boolean }>;
  removeRule(userId: string, phrase: string): Promise<boolean>;
  /** Claims a day for logging from the calendar; false when it was logged from the calendar before. */
  claimLoggedDay(userId: string, localDate: string, at: Date): Promise<boolean>;
  /** Records 1:1 series found in a read; series already known keep their state. */
  saveFound(userId: string, found: readonly FoundOneOnOne[], at: Date): Promise<void>;
  found(userId: string): Promise<FoundOneOnOneRecord[]>;
  setFoundState(userId: string, seriesUid: string, from: readonly FoundOneOnOneState[], to: FoundOneOnOneState): Promise<boolean>;
  /** Marks a found 1:1 as added to the registry for `reportUserId`; false when it was answered before. */
  acceptFound(userId: string, seriesUid: string, reportUserId: string): Promise<boolean>;
}

/**
 * Every statement reads and writes only `workspace`'s rows (its `team_id`, read when the statement
 * runs: the installed workspace is learned after the repository is built); the refresh job's list
 * of due links is this workspace's only.
 */
export function createCalendarRepository(db: SqlDatabase, workspace: Workspace): CalendarRepository {
  const getLink = (team: string, userId: string) =>
    db.get<LinkRow>('SELECT * FROM calendar_links WHERE team_id = ? AND user_id = ?', [team, userId]);

  /** Everything read from the calendar (day summaries, found 1:1s); the link and the rules stay. */
  async function deleteReadData(team: string, userId: string): Promise<void> {
    await db.run('DELETE FROM calendar_days WHERE team_id = ? AND user_id = ?', [team, userId]);
    await db.run('DELETE FROM calendar_one_on_ones WHERE team_id = ? AND user_id = ?', [team, userId]);
  }

  /** Stores day summaries, replacing what was stored for the same days. Run it inside a transaction. */
  async function writeDays(team: string, userId: string, days: readonly CalendarDay[]): Promise<void> {
    for (const d of days) {
      await db.run(
        `INSERT INTO calendar_days (team_id, user_id, local_date, minutes, no_code_minutes, events) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (team_id, user_id, local_date) DO UPDATE SET
           minutes = excluded.minutes, no_code_minutes = excluded.no_code_minutes, events = excluded.events`,
        [team, userId, d.localDate, JSON.stringify(d.minutes), d.noCodeMinutes, d.events],
      );
    }
  }

  return {
    async link(userId: string): Promise<CalendarLink | undefined> {
      const r = await getLink(workspace.id, userId);
      return r ? toLink(r) : undefined;
    },
    saveLink(link: { userId: string; urlCipher: string; urlHint: string; at: Date; nextRefreshAt: Date }, days: readonly CalendarDay[]): Promise<void> {
      const team = workspace.id;
      return db.transaction(async () => {
        await db.run(
          `INSERT INTO calendar_links (team_id, user_id, url_cipher, url_hint, linked_at, last_ok_at, failures, failing_since, last_problem,
             next_refresh_at)
           VALUES (@team, @userId, @urlCipher, @urlHint, @at, @at, 0, NULL, NULL, @next)
           ON CONFLICT (team_id, user_id) DO UPDATE SET url_cipher = excluded.url_cipher, url_hint = excluded.url_hint, linked_at = excluded.linked_at,
             last_ok_at = excluded.last_ok_at, failures = 0, failing_since = NULL, last_problem = NULL, next_refresh_at = excluded.next_refresh_at`,
          {
            team,
            userId: link.userId,
            urlCipher: link.urlCipher,
            urlHint: link.urlHint,
            at: link.at.toISOString(),
            next: link.nextRefreshAt.toISOString(),
          },
        );
        await deleteReadData(team, link.userId);
        await writeDays(team, link.userId, days);
      });
    },
    /** Removes the link and everything read from it, then makes sure no file keeps the ciphertext. */
    async removeLink(userId: string): Promise<boolean> {
      const team = workspace.id;
      const removed = await db.transaction(async () => {
        const { changes } = await db.run('DELETE FROM calendar_links WHERE team_id = ? AND user_id = ?', [team, userId]);
        await deleteReadData(team, userId);
        return changes === 1;
      });
      await db.afterDeletion();
      return removed;
    },
    async due(now: Date, limit: number): Promise<CalendarLink[]> {
      // Only this workspace's links: another install sharing the database reads its own.
      const rows = await db.all<LinkRow>(
        'SELECT * FROM calendar_links WHERE team_id = ? AND next_refresh_at <= ? ORDER BY next_refresh_at, user_id LIMIT ?',
        [workspace.id, now.toISOString(), limit],
      );
      return rows.map(toLink);
    },
    recordRead(userId: string, at: Date, next: Date, window: { from: string; to: string }, days: readonly CalendarDay[]): Promise<void> {
      const team = workspace.id;
      return db.transaction(async () => {
        const { changes } = await db.run(
          `UPDATE calendar_links SET last_ok_at = ?, failures = 0, failing_since = NULL, last_problem = NULL, next_refresh_at = ?
           WHERE team_id = ? AND user_id = ?`,
          [at.toISOString(), next.toISOString(), team, userId],
        );
        if (changes === 0) return; // unlinked meanwhile
        await db.run('DELETE FROM calendar_days WHERE team_id = ? AND user_id = ? AND local_date BETWEEN ? AND ?', [
          team,
          userId,
          window.from,
          window.to,
        ]);
        await writeDays(team, userId, days);
      });
    },
    async recordFailure(userId: string, at: Date, problem: string, next: Date): Promise<CalendarLink | undefined> {
      const r = await db.get<LinkRow>(
        `UPDATE calendar_links SET failures = failures + 1, failing_since = COALESCE(failing_since, @at), last_problem = @problem,
           next_refresh_at = @next WHERE team_id = @team AND user_id = @userId
         RETURNING *`,
        { team: workspace.id, userId, at: at.toISOString(), problem, next: next.toISOString() },
      );
      return r ? toLink(r) : undefined;
    },
    async day(userId: string, localDate: string): Promise<CalendarDay | undefined> {
      const r = await db.get<DayRow>('SELECT * FROM calendar_days WHERE team_id = ? AND user_id = ? AND local_date = ?', [
        workspace.id,
        userId,
        localDate,
      ]);
      return r ? toDay(r) : undefined;
    },
    async days(userId: string, from: string, to: string): Promise<CalendarDay[]> {
      const rows = await db.all<DayRow>(
        'SELECT * FROM calendar_days WHERE team_id = ? AND user_id = ? AND local_date BETWEEN ? AND ? ORDER BY local_date',
        [workspace.id, userId, from, to],
      );
      return rows.map(toDay);
    },
    async rules(userId: string): Promise<CalendarRule[]> {
      const rows = await db.all<RuleRow>('SELECT * FROM calendar_rules WHERE team_id = ? AND user_id = ? ORDER BY id', [workspace.id, userId]);
      return rows.map(toRule);
    },
    saveRule(userId: string, phrase: string, category: CategoryId, at: Date): Promise<{ updated: boolean }> {
      const team = workspace.id;
      return db.transaction(async () => {
        const existed =
          (await db.get<RuleRow>('SELECT * FROM calendar_rules WHERE team_id = ? AND user_id = ? AND phrase = ?', [team, userId, phrase])) !== undefined;
        await db.run(
          `INSERT INTO calendar_rules (team_id, user_id, phrase, category, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (team_id, user_id, phrase) DO UPDATE SET category = excluded.category`,
          [team, userId, phrase, category, at.toISOString()],
        );
        return { updated: existed };
      });
    },
    async removeRule(userId: string, phrase: string): Promise<boolean> {
      const { changes } = await db.run('DELETE FROM calendar_rules WHERE team_id = ? AND user_id = ? AND phrase = ?', [workspace.id, userId, phrase]);
      return changes === 1;
    },
    async claimLoggedDay(userId: string, localDate: string, at: Date): Promise<boolean> {
      const { changes } = await db.run(
        `INSERT INTO calendar_logged_days (team_id, user_id, local_date, logged_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (team_id, user_id, local_date) DO NOTHING`,
        [workspace.id, userId, localDate, at.toISOString()],
      );
      return changes === 1;
    },
    saveFound(userId: string, found: readonly FoundOneOnOne[], at: Date): Promise<void> {
      const team = workspace.id;
      return db.transaction(async () => {
        if (!(await getLink(team, userId))) return; // unlinked meanwhile
        for (const f of found) {
          await db.run(
            `INSERT INTO calendar_one_on_ones (team_id, user_id, series_uid, title, weekday, local_time, cadence, first_date, found_at)
             VALUES (@team, @userId, @seriesUid, @title, @weekday, @time, @cadence, @firstDate, @at)
             ON CONFLICT (team_id, user_id, series_uid) DO UPDATE SET title = excluded.title, weekday = excluded.weekday, local_time = excluded.local_time,
               cadence = excluded.cadence, first_date = excluded.first_date`,
            {
              team,
              userId,
              seriesUid: f.seriesUid,
              title: f.title,
              weekday: f.weekday,
              time: f.time,
              cadence: f.cadence,
              firstDate: f.firstDate,
              at: at.toISOString(),
            },
          );
        }
      });
    },
    async found(userId: string): Promise<FoundOneOnOneRecord[]> {
      const rows = await db.all<FoundRow>(
        'SELECT * FROM calendar_one_on_ones WHERE team_id = ? AND user_id = ? ORDER BY weekday, local_time, series_uid',
        [workspace.id, userId],
      );
      return rows.map(toFound);
    },
    async acceptFound(userId: string, seriesUid: string, reportUserId: string): Promise<boolean> {
      const { changes } = await db.run(
        `UPDATE calendar_one_on_ones SET state = 'accepted', report_user_id = ?
         WHERE team_id = ? AND user_id = ? AND series_uid = ? AND state IN ('found', 'offered')`,
        [reportUserId, workspace.id, userId, seriesUid],
      );
      return changes === 1;
    },
    async setFoundState(userId: string, seriesUid: string, from: readonly FoundOneOnOneState[], to: FoundOneOnOneState): Promise<boolean> {
      if (from.length === 0) return false;
      const { changes } = await db.run(
        `UPDATE calendar_one_on_ones SET state = ?
         WHERE team_id = ? AND user_id = ? AND series_uid = ? AND state IN (${from.map(() => '?').join(', ')})`,
        [to, workspace.id, userId, seriesUid, ...from],
      );
      return changes === 1;
    },
  };
}
