import { z } from '../../core/zod';

import { CATEGORY_IDS, emptyMinutes, type CategoryId } from '../../core/categories';
import { checkpointAfterDeletion, type Db } from '../../core/db/connection';
import { behindGate } from '../../core/db/transactions';
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

export function createCalendarRepository(db: Db): CalendarRepository {
  const getLink = db.prepare<[string], LinkRow>('SELECT * FROM calendar_links WHERE user_id = ?');
  const upsertLink = db.prepare(
    `INSERT INTO calendar_links (user_id, url_cipher, url_hint, linked_at, last_ok_at, failures, failing_since, last_problem, next_refresh_at)
     VALUES (@userId, @urlCipher, @urlHint, @at, @at, 0, NULL, NULL, @next)
     ON CONFLICT (user_id) DO UPDATE SET url_cipher = excluded.url_cipher, url_hint = excluded.url_hint, linked_at = excluded.linked_at,
       last_ok_at = excluded.last_ok_at, failures = 0, failing_since = NULL, last_problem = NULL, next_refresh_at = excluded.next_refresh_at`,
  );
  const deleteLink = db.prepare('DELETE FROM calendar_links WHERE user_id = ?');
  const deleteDays = db.prepare('DELETE FROM calendar_days WHERE user_id = ?');
  const deleteDaysBetween = db.prepare('DELETE FROM calendar_days WHERE user_id = ? AND local_date BETWEEN ? AND ?');
  const deleteFound = db.prepare('DELETE FROM calendar_one_on_ones WHERE user_id = ?');
  const insertDay = db.prepare(
    `INSERT OR REPLACE INTO calendar_days (user_id, local_date, minutes, no_code_minutes, events) VALUES (?, ?, ?, ?, ?)`,
  );
  const dueLinks = db.prepare<[string, number], LinkRow>('SELECT * FROM calendar_links WHERE next_refresh_at <= ? ORDER BY next_refresh_at LIMIT ?');
  const markRead = db.prepare(
    'UPDATE calendar_links SET last_ok_at = ?, failures = 0, failing_since = NULL, last_problem = NULL, next_refresh_at = ? WHERE user_id = ?',
  );
  const markFailed = db.prepare(
    `UPDATE calendar_links SET failures = failures + 1, failing_since = COALESCE(failing_since, @at), last_problem = @problem,
       next_refresh_at = @next WHERE user_id = @userId`,
  );
  const getDay = db.prepare<[string, string], DayRow>('SELECT * FROM calendar_days WHERE user_id = ? AND local_date = ?');
  const getDays = db.prepare<[string, string, string], DayRow>(
    'SELECT * FROM calendar_days WHERE user_id = ? AND local_date BETWEEN ? AND ? ORDER BY local_date',
  );
  const listRules = db.prepare<[string], RuleRow>('SELECT * FROM calendar_rules WHERE user_id = ? ORDER BY id');
  const ruleByPhrase = db.prepare<[string, string], RuleRow>('SELECT * FROM calendar_rules WHERE user_id = ? AND phrase = ?');
  const upsertRule = db.prepare(
    `INSERT INTO calendar_rules (user_id, phrase, category, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, phrase) DO UPDATE SET category = excluded.category`,
  );
  const deleteRule = db.prepare('DELETE FROM calendar_rules WHERE user_id = ? AND phrase = ?');
  const claimDay = db.prepare('INSERT INTO calendar_logged_days (user_id, local_date, logged_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const insertFound = db.prepare(
    `INSERT INTO calendar_one_on_ones (user_id, series_uid, title, weekday, local_time, cadence, first_date, found_at)
     VALUES (@userId, @seriesUid, @title, @weekday, @time, @cadence, @firstDate, @at)
     ON CONFLICT (user_id, series_uid) DO UPDATE SET title = excluded.title, weekday = excluded.weekday, local_time = excluded.local_time,
       cadence = excluded.cadence, first_date = excluded.first_date`,
  );
  const listFound = db.prepare<[string], FoundRow>('SELECT * FROM calendar_one_on_ones WHERE user_id = ? ORDER BY weekday, local_time');
  const setState = db.prepare('UPDATE calendar_one_on_ones SET state = ? WHERE user_id = ? AND series_uid = ? AND state = ?');
  const accept = db.prepare(
    "UPDATE calendar_one_on_ones SET state = 'accepted', report_user_id = ? WHERE user_id = ? AND series_uid = ? AND state IN ('found', 'offered')",
  );

  function writeDays(userId: string, days: readonly CalendarDay[]): void {
    for (const d of days) insertDay.run(userId, d.localDate, JSON.stringify(d.minutes), d.noCodeMinutes, d.events);
  }

  const saveLink = db.transaction((link: { userId: string; urlCipher: string; urlHint: string; at: Date; nextRefreshAt: Date }, days: readonly CalendarDay[]) => {
    upsertLink.run({ userId: link.userId, urlCipher: link.urlCipher, urlHint: link.urlHint, at: link.at.toISOString(), next: link.nextRefreshAt.toISOString() });
    deleteDays.run(link.userId);
    deleteFound.run(link.userId);
    writeDays(link.userId, days);
  });
  const removeLink = db.transaction((userId: string): boolean => {
    const removed = deleteLink.run(userId).changes === 1;
    deleteDays.run(userId);
    deleteFound.run(userId);
    return removed;
  });
  const recordRead = db.transaction(
    (userId: string, at: Date, next: Date, window: { from: string; to: string }, days: readonly CalendarDay[]): void => {
      if (markRead.run(at.toISOString(), next.toISOString(), userId).changes === 0) return; // unlinked meanwhile
      deleteDaysBetween.run(userId, window.from, window.to);
      writeDays(userId, days);
    },
  );
  const saveFound = db.transaction((userId: string, found: readonly FoundOneOnOne[], at: Date): void => {
    if (!getLink.get(userId)) return;
    for (const f of found) insertFound.run({ userId, ...f, at: at.toISOString() });
  });

  return behindGate(db, {
    link(userId: string): CalendarLink | undefined {
      const r = getLink.get(userId);
      return r ? toLink(r) : undefined;
    },
    saveLink(link: { userId: string; urlCipher: string; urlHint: string; at: Date; nextRefreshAt: Date }, days: readonly CalendarDay[]): void {
      saveLink(link, days);
    },
    /** Removes the link and everything read from it, then checkpoints so neither file keeps the ciphertext. */
    removeLink(userId: string): boolean {
      const removed = removeLink(userId);
      checkpointAfterDeletion(db);
      return removed;
    },
    due(now: Date, limit: number): CalendarLink[] {
      return dueLinks.all(now.toISOString(), limit).map(toLink);
    },
    recordRead(userId: string, at: Date, next: Date, window: { from: string; to: string }, days: readonly CalendarDay[]): void {
      recordRead(userId, at, next, window, days);
    },
    recordFailure(userId: string, at: Date, problem: string, next: Date): CalendarLink | undefined {
      markFailed.run({ userId, at: at.toISOString(), problem, next: next.toISOString() });
      const r = getLink.get(userId);
      return r ? toLink(r) : undefined;
    },
    day(userId: string, localDate: string): CalendarDay | undefined {
      const r = getDay.get(userId, localDate);
      return r ? toDay(r) : undefined;
    },
    days(userId: string, from: string, to: string): CalendarDay[] {
      return getDays.all(userId, from, to).map(toDay);
    },
    rules(userId: string): CalendarRule[] {
      return listRules.all(userId).map(toRule);
    },
    saveRule(userId: string, phrase: string, category: CategoryId, at: Date): { updated: boolean } {
      const existed = ruleByPhrase.get(userId, phrase) !== undefined;
      upsertRule.run(userId, phrase, category, at.toISOString());
      return { updated: existed };
    },
    removeRule(userId: string, phrase: string): boolean {
      return deleteRule.run(userId, phrase).changes === 1;
    },
    claimLoggedDay(userId: string, localDate: string, at: Date): boolean {
      return claimDay.run(userId, localDate, at.toISOString()).changes === 1;
    },
    saveFound(userId: string, found: readonly FoundOneOnOne[], at: Date): void {
      saveFound(userId, found, at);
    },
    found(userId: string): FoundOneOnOneRecord[] {
      return listFound.all(userId).map(toFound);
    },
    acceptFound(userId: string, seriesUid: string, reportUserId: string): boolean {
      return accept.run(reportUserId, userId, seriesUid).changes === 1;
    },
    setFoundState(userId: string, seriesUid: string, from: readonly FoundOneOnOneState[], to: FoundOneOnOneState): boolean {
      return from.some((f) => setState.run(to, userId, seriesUid, f).changes === 1);
    },
  });
}
