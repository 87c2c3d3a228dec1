// @engines sqlite postgres
import { emptyMinutes } from '../../src/core/categories';
import type { Database } from '../../src/core/db/database';
import { fixedWorkspace } from '../../src/core/workspace';
import type { CalendarDay, FoundOneOnOne } from '../../src/features/calendar/entities';
import { createCalendarRepository, type CalendarRepository } from '../../src/features/calendar/repository';
import { freshDatabase } from '../support/database';

const ME = 'U_CAL_ME';
const OTHER = 'U_CAL_OTHER';
const AT = new Date('2026-11-18T10:00:00Z');
const HOUR = 3600_000;

function later(ms: number): Date {
  return new Date(AT.getTime() + ms);
}

function day(localDate: string, minutes: Partial<CalendarDay['minutes']>, events = 1, noCodeMinutes = 0): CalendarDay {
  return { localDate, minutes: { ...emptyMinutes(), ...minutes }, noCodeMinutes, events };
}

function series(seriesUid: string, weekday: number, time: string, title = `1:1 ${seriesUid}`): FoundOneOnOne {
  return { seriesUid, title, weekday, time, cadence: 'weekly', firstDate: '2026-11-23' };
}

function linkOf(userId: string, cipher: string, at = AT, nextRefreshAt = later(HOUR)) {
  return { userId, urlCipher: cipher, urlHint: `calendar.example.com/…/${cipher.slice(-4)}.ics`, at, nextRefreshAt };
}

/** The calendar repository on this run's engine (SQLite, or PostgreSQL with LEAD_COACH_TEST_ENGINE=postgres). */
describe('calendar storage', () => {
  let db: Database;
  let calendars: CalendarRepository;

  beforeEach(async () => {
    ({ db } = await freshDatabase());
    for (const userId of [ME, OTHER]) {
      await db.run('INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, ?, ?)', [userId, 'T_CAL', AT.toISOString()]);
    }
    calendars = createCalendarRepository(db, fixedWorkspace('T_CAL'));
  });
  afterEach(async () => {
    await db.close();
  });

  async function count(table: string, userId: string): Promise<number> {
    return (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`, [userId]))?.n ?? -1;
  }

  describe('linking', () => {
    it('stores the link with its day summaries and reads them back', async () => {
      expect(await calendars.link(ME)).toBeUndefined();
      await calendars.saveLink(linkOf(ME, 'v1:cipher-one'), [day('2026-11-18', { people: 60, strategy: 180 }, 5, 30), day('2026-11-19', { coding: 120 })]);
      expect(await calendars.link(ME)).toEqual({
        userId: ME,
        urlCipher: 'v1:cipher-one',
        urlHint: 'calendar.example.com/…/-one.ics',
        linkedAt: AT.toISOString(),
        lastOkAt: AT.toISOString(),
        failures: 0,
        failingSince: null,
        lastProblem: null,
        nextRefreshAt: later(HOUR).toISOString(),
      });
      expect(await calendars.day(ME, '2026-11-18')).toEqual(day('2026-11-18', { people: 60, strategy: 180 }, 5, 30));
      expect(await calendars.day(ME, '2026-11-20')).toBeUndefined();
      expect(await calendars.link(OTHER)).toBeUndefined();
      expect(await calendars.day(OTHER, '2026-11-18')).toBeUndefined();
    });

    it('a relink starts afresh: new address, no failures, only the new days, no found 1:1s', async () => {
      await calendars.saveLink(linkOf(ME, 'v1:old'), [day('2026-11-17', { people: 30 }), day('2026-11-18', { people: 60 })]);
      await calendars.saveFound(ME, [series('s1', 1, '10:00')], AT);
      await calendars.recordFailure(ME, later(HOUR), 'HTTP 503', later(2 * HOUR));
      await calendars.saveLink(linkOf(ME, 'v1:new', later(3 * HOUR), later(4 * HOUR)), [day('2026-11-18', { coding: 45 })]);
      expect(await calendars.link(ME)).toMatchObject({ urlCipher: 'v1:new', failures: 0, failingSince: null, lastProblem: null, linkedAt: later(3 * HOUR).toISOString() });
      expect(await calendars.days(ME, '2026-11-01', '2026-11-30')).toEqual([day('2026-11-18', { coding: 45 })]);
      expect(await calendars.found(ME)).toEqual([]);
    });

    it('removing the link deletes the address and everything read from it, keeps the rules and logged days, and touches nobody else', async () => {
      for (const userId of [ME, OTHER]) {
        await calendars.saveLink(linkOf(userId, `v1:${userId}`), [day('2026-11-18', { people: 60 })]);
        await calendars.saveFound(userId, [series('s1', 1, '10:00')], AT);
        await calendars.saveRule(userId, 'arch review', 'strategy', AT);
        await calendars.claimLoggedDay(userId, '2026-11-18', AT);
      }
      expect(await calendars.removeLink(ME)).toBe(true);
      expect(await calendars.link(ME)).toBeUndefined();
      expect(await count('calendar_links', ME)).toBe(0);
      expect(await count('calendar_days', ME)).toBe(0);
      expect(await count('calendar_one_on_ones', ME)).toBe(0);
      expect((await calendars.rules(ME)).map((r) => r.phrase)).toEqual(['arch review']);
      expect(await count('calendar_logged_days', ME)).toBe(1);
      // Nothing is left that holds the ciphertext.
      expect(await db.all('SELECT user_id FROM calendar_links WHERE url_cipher = ?', [`v1:${ME}`])).toEqual([]);
      // The other manager's calendar is untouched.
      expect(await calendars.link(OTHER)).toMatchObject({ urlCipher: `v1:${OTHER}` });
      expect(await calendars.days(OTHER, '2026-11-18', '2026-11-18')).toHaveLength(1);
      expect(await calendars.found(OTHER)).toHaveLength(1);
      // Nothing left to remove the second time.
      expect(await calendars.removeLink(ME)).toBe(false);
    });
  });

  describe('reading', () => {
    it('lists links whose read is due, oldest first, up to the limit', async () => {
      await calendars.saveLink(linkOf(OTHER, 'v1:b', AT, later(HOUR)), []);
      await calendars.saveLink(linkOf(ME, 'v1:a', AT, later(HOUR)), []);
      await db.run('INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, ?, ?)', ['U_CAL_THIRD', 'T_CAL', AT.toISOString()]);
      await calendars.saveLink(linkOf('U_CAL_THIRD', 'v1:c', AT, later(30 * 60_000)), []);
      expect((await calendars.due(later(10 * 60_000), 10)).map((l) => l.userId)).toEqual([]);
      expect((await calendars.due(later(HOUR), 10)).map((l) => l.userId)).toEqual(['U_CAL_THIRD', ME, OTHER]);
      expect((await calendars.due(later(HOUR), 2)).map((l) => l.userId)).toEqual(['U_CAL_THIRD', ME]);
    });

    it('a successful read replaces the days of its window only, clears the failures and sets the next read', async () => {
      await calendars.saveLink(linkOf(ME, 'v1:a'), [day('2026-11-10', { people: 10 }), day('2026-11-18', { people: 60 }), day('2026-11-19', { coding: 30 })]);
      await calendars.recordFailure(ME, later(HOUR), 'HTTP 500', later(2 * HOUR));
      await calendars.recordRead(ME, later(2 * HOUR), later(3 * HOUR), { from: '2026-11-16', to: '2026-11-22' }, [
        day('2026-11-18', { firefighting: 90 }, 3),
        day('2026-11-20', { strategy: 60 }),
      ]);
      expect(await calendars.days(ME, '2026-11-01', '2026-11-30')).toEqual([
        day('2026-11-10', { people: 10 }),
        day('2026-11-18', { firefighting: 90 }, 3),
        day('2026-11-20', { strategy: 60 }),
      ]);
      expect(await calendars.days(ME, '2026-11-18', '2026-11-19')).toEqual([day('2026-11-18', { firefighting: 90 }, 3)]);
      expect(await calendars.link(ME)).toMatchObject({
        lastOkAt: later(2 * HOUR).toISOString(),
        nextRefreshAt: later(3 * HOUR).toISOString(),
        failures: 0,
        failingSince: null,
        lastProblem: null,
      });
    });

    it('a read that finishes after the calendar was unlinked stores nothing', async () => {
      await calendars.saveLink(linkOf(ME, 'v1:a'), []);
      await calendars.removeLink(ME);
      await calendars.recordRead(ME, later(HOUR), later(2 * HOUR), { from: '2026-11-16', to: '2026-11-22' }, [day('2026-11-18', { people: 60 })]);
      await calendars.saveFound(ME, [series('s1', 1, '10:00')], later(HOUR));
      expect(await calendars.link(ME)).toBeUndefined();
      expect(await count('calendar_days', ME)).toBe(0);
      expect(await calendars.found(ME)).toEqual([]);
    });

    it('failed reads are counted in a row, remember when the failing began and the last problem', async () => {
      await calendars.saveLink(linkOf(ME, 'v1:a'), []);
      const first = await calendars.recordFailure(ME, later(HOUR), 'HTTP 503', later(HOUR + 15 * 60_000));
      const second = await calendars.recordFailure(ME, later(2 * HOUR), 'timed out', later(3 * HOUR));
      expect(first).toMatchObject({ failures: 1, failingSince: later(HOUR).toISOString(), lastProblem: 'HTTP 503' });
      expect(second).toMatchObject({
        failures: 2,
        failingSince: later(HOUR).toISOString(),
        lastProblem: 'timed out',
        nextRefreshAt: later(3 * HOUR).toISOString(),
      });
      expect(await calendars.link(ME)).toEqual(second);
      expect(await calendars.recordFailure(OTHER, later(HOUR), 'HTTP 503', later(2 * HOUR))).toBeUndefined();
    });
  });

  describe('rules', () => {
    it('adds, changes and removes a manager\'s own rules, in the order they were added', async () => {
      expect(await calendars.saveRule(ME, 'arch review', 'strategy', AT)).toEqual({ updated: false });
      expect(await calendars.saveRule(ME, 'hiring', 'people', later(HOUR))).toEqual({ updated: false });
      expect(await calendars.saveRule(ME, 'arch review', 'improvement', later(2 * HOUR))).toEqual({ updated: true });
      expect(await calendars.saveRule(OTHER, 'arch review', 'meetings', AT)).toEqual({ updated: false });
      const mine = await calendars.rules(ME);
      expect(mine.map((r) => [r.phrase, r.category, r.createdAt])).toEqual([
        ['arch review', 'improvement', AT.toISOString()],
        ['hiring', 'people', later(HOUR).toISOString()],
      ]);
      expect(mine.every((r) => typeof r.id === 'number' && r.userId === ME)).toBe(true);
      expect(await calendars.removeRule(ME, 'arch review')).toBe(true);
      expect(await calendars.removeRule(ME, 'arch review')).toBe(false);
      expect((await calendars.rules(ME)).map((r) => r.phrase)).toEqual(['hiring']);
      expect((await calendars.rules(OTHER)).map((r) => [r.phrase, r.category])).toEqual([['arch review', 'meetings']]);
    });

    it('the same rule saved twice at once is added once and changed once', async () => {
      const results = await Promise.all([
        calendars.saveRule(ME, 'arch review', 'strategy', AT),
        calendars.saveRule(ME, 'arch review', 'improvement', AT),
      ]);
      expect(results.map((r) => r.updated).sort()).toEqual([false, true]);
      expect(await calendars.rules(ME)).toHaveLength(1);
    });
  });

  it('a day is claimed for logging from the calendar once per manager', async () => {
    expect(await calendars.claimLoggedDay(ME, '2026-11-18', AT)).toBe(true);
    expect(await calendars.claimLoggedDay(ME, '2026-11-18', later(HOUR))).toBe(false);
    expect(await calendars.claimLoggedDay(ME, '2026-11-19', AT)).toBe(true);
    expect(await calendars.claimLoggedDay(OTHER, '2026-11-18', AT)).toBe(true);
  });

  describe('found 1:1s', () => {
    beforeEach(async () => {
      await calendars.saveLink(linkOf(ME, 'v1:a'), []);
    });

    it('are stored in weekday and time order; a series found again moves but keeps what became of its offer', async () => {
      await calendars.saveFound(ME, [series('tue', 2, '11:00'), series('mon-late', 1, '15:00'), series('mon', 1, '10:00'), series('mon-b', 1, '10:00')], AT);
      expect((await calendars.found(ME)).map((f) => f.seriesUid)).toEqual(['mon', 'mon-b', 'mon-late', 'tue']);
      expect(await calendars.setFoundState(ME, 'tue', ['found'], 'offered')).toBe(true);
      await calendars.saveFound(ME, [{ ...series('tue', 4, '09:30', 'Weekly with Sam'), cadence: 'biweekly', firstDate: '2026-11-26' }], later(HOUR));
      const tue = (await calendars.found(ME)).find((f) => f.seriesUid === 'tue');
      expect(tue).toEqual({
        seriesUid: 'tue',
        title: 'Weekly with Sam',
        weekday: 4,
        time: '09:30',
        cadence: 'biweekly',
        firstDate: '2026-11-26',
        state: 'offered',
        reportUserId: null,
      });
      expect((await calendars.found(ME)).map((f) => f.seriesUid)).toEqual(['mon', 'mon-b', 'mon-late', 'tue']);
    });

    it('are not stored for a manager without a linked calendar', async () => {
      await calendars.saveFound(OTHER, [series('s1', 1, '10:00')], AT);
      expect(await calendars.found(OTHER)).toEqual([]);
    });

    it('change state only from the states given', async () => {
      await calendars.saveFound(ME, [series('s1', 1, '10:00')], AT);
      expect(await calendars.setFoundState(ME, 's1', ['offered'], 'dismissed')).toBe(false);
      expect(await calendars.setFoundState(ME, 's1', ['found', 'offered'], 'offered')).toBe(true);
      expect(await calendars.setFoundState(ME, 's1', ['found', 'offered'], 'dismissed')).toBe(true);
      expect(await calendars.setFoundState(ME, 's1', ['found', 'offered'], 'offered')).toBe(false);
      expect(await calendars.setFoundState(ME, 's1', [], 'found')).toBe(false);
      expect(await calendars.setFoundState(ME, 'no-such-series', ['found'], 'offered')).toBe(false);
      expect((await calendars.found(ME))[0]?.state).toBe('dismissed');
    });

    it('are accepted for one report once; a dismissed offer cannot be accepted; nobody else\'s changes', async () => {
      await calendars.saveLink(linkOf(OTHER, 'v1:b'), []);
      await calendars.saveFound(ME, [series('s1', 1, '10:00'), series('s2', 3, '14:00')], AT);
      await calendars.saveFound(OTHER, [series('s1', 1, '10:00')], AT);
      await calendars.setFoundState(ME, 's1', ['found'], 'offered');
      expect(await calendars.acceptFound(ME, 's1', 'U_REPORT')).toBe(true);
      expect(await calendars.acceptFound(ME, 's1', 'U_SOMEONE_ELSE')).toBe(false);
      await calendars.setFoundState(ME, 's2', ['found'], 'dismissed');
      expect(await calendars.acceptFound(ME, 's2', 'U_REPORT')).toBe(false);
      expect((await calendars.found(ME)).map((f) => [f.seriesUid, f.state, f.reportUserId])).toEqual([
        ['s1', 'accepted', 'U_REPORT'],
        ['s2', 'dismissed', null],
      ]);
      expect((await calendars.found(OTHER)).map((f) => [f.seriesUid, f.state, f.reportUserId])).toEqual([['s1', 'found', null]]);
    });
  });
  it('keeps two workspaces apart', async () => {
    // The same user id in another install sharing the database: another person, other rows.
    await db.run('INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, ?, ?)', [ME, 'T_CAL_2', AT.toISOString()]);
    const other = createCalendarRepository(db, fixedWorkspace('T_CAL_2'));
    await calendars.saveLink(linkOf(ME, 'v1:mine', AT, later(HOUR)), [day('2026-11-18', { people: 60 })]);
    await other.saveLink(linkOf(ME, 'v1:theirs', AT, later(2 * HOUR)), [day('2026-11-18', { coding: 30 }), day('2026-11-19', { strategy: 15 })]);
    for (const [repo, category] of [[calendars, 'strategy'], [other, 'meetings']] as const) {
      await repo.saveFound(ME, [series('same-series', 1, '10:00')], AT);
      expect(await repo.saveRule(ME, 'arch review', category, AT)).toEqual({ updated: false });
      expect(await repo.claimLoggedDay(ME, '2026-11-18', AT)).toBe(true);
    }

    expect(await calendars.link(ME)).toMatchObject({ urlCipher: 'v1:mine' });
    expect(await other.link(ME)).toMatchObject({ urlCipher: 'v1:theirs' });
    expect(await calendars.days(ME, '2026-11-01', '2026-11-30')).toEqual([day('2026-11-18', { people: 60 })]);
    expect(await other.day(ME, '2026-11-18')).toEqual(day('2026-11-18', { coding: 30 }));
    expect((await calendars.rules(ME)).map((r) => r.category)).toEqual(['strategy']);
    expect((await other.rules(ME)).map((r) => r.category)).toEqual(['meetings']);
    // The refresh job lists only its own workspace's due links.
    expect((await calendars.due(later(3 * HOUR), 10)).map((l) => l.urlCipher)).toEqual(['v1:mine']);
    expect((await other.due(later(3 * HOUR), 10)).map((l) => l.urlCipher)).toEqual(['v1:theirs']);
    expect(await calendars.due(later(HOUR + 1), 10)).toHaveLength(1);
    expect(await other.due(later(HOUR + 1), 10)).toEqual([]);

    // Reads, failures and answers in one workspace change nothing in the other.
    await calendars.recordFailure(ME, later(HOUR), 'HTTP 503', later(4 * HOUR));
    await calendars.recordRead(ME, later(HOUR), later(5 * HOUR), { from: '2026-11-16', to: '2026-11-22' }, []);
    expect(await calendars.setFoundState(ME, 'same-series', ['found'], 'offered')).toBe(true);
    expect(await calendars.acceptFound(ME, 'same-series', 'U_REPORT')).toBe(true);
    expect(await other.link(ME)).toMatchObject({ failures: 0, lastProblem: null, nextRefreshAt: later(2 * HOUR).toISOString() });
    expect(await other.days(ME, '2026-11-01', '2026-11-30')).toHaveLength(2);
    expect((await other.found(ME)).map((f) => [f.state, f.reportUserId])).toEqual([['found', null]]);
    expect(await other.claimLoggedDay(ME, '2026-11-18', later(HOUR))).toBe(false);
    expect(await other.claimLoggedDay(ME, '2026-11-19', later(HOUR))).toBe(true);

    // Unlinking and removing a rule in one leave the other's link, days, 1:1s and rules.
    expect(await calendars.removeRule(ME, 'arch review')).toBe(true);
    expect(await calendars.removeLink(ME)).toBe(true);
    expect(await calendars.link(ME)).toBeUndefined();
    expect(await calendars.found(ME)).toEqual([]);
    expect(await calendars.rules(ME)).toEqual([]);
    expect(await other.link(ME)).toMatchObject({ urlCipher: 'v1:theirs' });
    expect(await other.days(ME, '2026-11-01', '2026-11-30')).toHaveLength(2);
    expect(await other.found(ME)).toHaveLength(1);
    expect((await other.rules(ME)).map((r) => r.phrase)).toEqual(['arch review']);
    expect(await other.removeLink(ME)).toBe(true);
    expect(await db.all('SELECT url_cipher FROM calendar_links WHERE user_id = ?', [ME])).toEqual([]);
  });
});
