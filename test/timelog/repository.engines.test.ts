// @engines sqlite postgres
// The time log's storage (time entries, own targets, the undo journal) on this run's engine:
// `npx jest test/timelog/repository.engines.test.ts` checks SQLite, and with
// LEAD_COACH_TEST_ENGINE=postgres TEST_DATABASE_URL=… the same tests check PostgreSQL.
import { fixedWorkspace } from '../../src/core/workspace';
import type { Database } from '../../src/core/db/database';
import { emptyMinutes } from '../../src/core/categories';
import type { NewTimeEntry, TimeEntry } from '../../src/features/timelog/entities';
import { createTargetRepository } from '../../src/features/timelog/targetRepository';
import { createTimeEntryRepository, type TimeEntryRepository } from '../../src/features/timelog/timeEntryRepository';
import { createTimeLogActionRepository } from '../../src/features/timelog/timeLogActionRepository';
import { freshDatabase } from '../support/database';

const ME = 'U_MANAGER1';
const OTHER = 'U_MANAGER2';

let db: Database;
let entries: TimeEntryRepository;

beforeEach(async () => {
  db = (await freshDatabase()).db;
  for (const userId of [ME, OTHER]) {
    await db.run("INSERT INTO managers (user_id, team_id, time_zone, enrolled_at) VALUES (?, 'T1', 'Europe/Berlin', '2026-11-01T00:00:00.000Z')", [userId]);
  }
  entries = createTimeEntryRepository(db, fixedWorkspace('T1'));
});

afterEach(async () => {
  await db.close();
});

function entry(overrides: Partial<NewTimeEntry> = {}): NewTimeEntry {
  return {
    userId: ME,
    category: 'coding',
    minutes: 60,
    localDate: '2026-11-18',
    timeZone: 'Europe/Berlin',
    source: 'command',
    createdAt: new Date('2026-11-18T10:00:00.000Z'),
    ...overrides,
  };
}

async function storedIds(userId: string): Promise<number[]> {
  const rows = await db.all<{ id: number }>('SELECT id FROM time_entries WHERE user_id = ? ORDER BY id', [userId]);
  return rows.map((r) => r.id);
}

describe('time entries', () => {
  it('stores an entry and returns it as stored, note and all', async () => {
    const { entry: stored, duplicate } = await entries.add(entry({ note: 'review PRs', source: 'modal' }));
    expect(duplicate).toBe(false);
    expect(stored).toEqual({
      id: expect.any(Number),
      userId: ME,
      category: 'coding',
      minutes: 60,
      localDate: '2026-11-18',
      timeZone: 'Europe/Berlin',
      note: 'review PRs',
      source: 'modal',
      createdAt: '2026-11-18T10:00:00.000Z',
    });
    expect(await entries.get(ME, stored.id)).toEqual(stored);
    expect((await entries.add(entry())).entry.note).toBeNull();
  });

  it('returns the first row as a duplicate when the same request is replayed, and stores nothing more', async () => {
    const first = await entries.add(entry({ requestKey: 'trigger-1' }));
    const replay = await entries.add(entry({ requestKey: 'trigger-1', minutes: 90, category: 'people' }));
    expect(replay).toEqual({ entry: first.entry, duplicate: true });
    expect(await entries.list(ME)).toEqual([first.entry]);
    // Entries without a request key never collide with each other.
    await entries.add(entry());
    await entries.add(entry());
    expect(await entries.list(ME)).toHaveLength(3);
  });

  it('adds when the day has room, refuses with the day total when it has not', async () => {
    const stored = await entries.addIfDayFits(entry({ minutes: 600 }), 960);
    expect(stored).toMatchObject({ stored: true, duplicate: false, entry: { minutes: 600 } });
    expect(await entries.addIfDayFits(entry({ minutes: 361 }), 960)).toEqual({ stored: false, dayMinutes: 600 });
    expect(await entries.addIfDayFits(entry({ minutes: 360 }), 960)).toMatchObject({ stored: true, duplicate: false });
    // Another day and another manager have their own room.
    expect(await entries.addIfDayFits(entry({ minutes: 960, localDate: '2026-11-19' }), 960)).toMatchObject({ stored: true });
    expect(await entries.addIfDayFits(entry({ minutes: 960, userId: OTHER }), 960)).toMatchObject({ stored: true });
    expect(await entries.dayTotal(ME, '2026-11-18')).toBe(960);
  });

  it('returns a replayed request as a duplicate without checking the day again', async () => {
    const first = await entries.addIfDayFits(entry({ minutes: 960, requestKey: 'trigger-full' }), 960);
    const replay = await entries.addIfDayFits(entry({ minutes: 960, requestKey: 'trigger-full' }), 960);
    expect(first.stored && first.entry).toBeTruthy();
    expect(replay).toEqual({ stored: true, duplicate: true, entry: first.stored ? first.entry : undefined });
    expect(await entries.dayTotal(ME, '2026-11-18')).toBe(960);
  });

  it('never lets requests arriving together overfill a day', async () => {
    // Several days, so that later rounds also race on connections the pool has already opened.
    for (const localDate of ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']) {
      const results = await Promise.all(Array.from({ length: 6 }, () => entries.addIfDayFits(entry({ minutes: 300, localDate }), 960)));
      expect(results.filter((r) => r.stored)).toHaveLength(3);
      expect(results.filter((r) => !r.stored)).toEqual(Array.from({ length: 3 }, () => ({ stored: false, dayMinutes: 900 })));
      expect(await entries.dayTotal(ME, localDate)).toBe(900);
    }
  });

  it('adds up a day and a range of days per category, for the one manager only', async () => {
    expect(await entries.dayTotal(ME, '2026-11-18')).toBe(0);
    expect(await entries.totals(ME, '2026-11-16', '2026-11-22')).toEqual(emptyMinutes());
    await entries.add(entry({ minutes: 60, localDate: '2026-11-16' }));
    await entries.add(entry({ minutes: 45, localDate: '2026-11-22', category: 'people' }));
    await entries.add(entry({ minutes: 30, localDate: '2026-11-18' }));
    await entries.add(entry({ minutes: 20, localDate: '2026-11-18', category: 'meetings' }));
    await entries.add(entry({ minutes: 500, localDate: '2026-11-23' }));
    await entries.add(entry({ minutes: 500, localDate: '2026-11-18', userId: OTHER }));
    expect(await entries.dayTotal(ME, '2026-11-18')).toBe(50);
    expect(await entries.totals(ME, '2026-11-16', '2026-11-22')).toEqual({ ...emptyMinutes(), coding: 90, people: 45, meetings: 20 });
    expect(await entries.totals(OTHER, '2026-11-16', '2026-11-22')).toEqual({ ...emptyMinutes(), coding: 500 });
  });

  it('lists by date, then in the order logged', async () => {
    const late = await entries.add(entry({ localDate: '2026-11-19' }));
    const early1 = await entries.add(entry({ localDate: '2026-11-17', category: 'people' }));
    const early2 = await entries.add(entry({ localDate: '2026-11-17', category: 'coding' }));
    const outside = await entries.add(entry({ localDate: '2026-11-24' }));
    await entries.add(entry({ localDate: '2026-11-17', userId: OTHER }));
    expect((await entries.between(ME, '2026-11-17', '2026-11-19')).map((e) => e.id)).toEqual([early1.entry.id, early2.entry.id, late.entry.id]);
    expect((await entries.list(ME)).map((e) => e.id)).toEqual([early1.entry.id, early2.entry.id, late.entry.id, outside.entry.id]);
    expect(await entries.last(ME)).toEqual(outside.entry);
    expect(await entries.last('U_NOBODY')).toBeUndefined();
  });

  it("changes and deletes only the manager's own entries", async () => {
    const mine = (await entries.add(entry({ note: 'old' }))).entry;
    const theirs = (await entries.add(entry({ userId: OTHER }))).entry;

    expect(await entries.get(ME, theirs.id)).toBeUndefined();
    expect(await entries.update(ME, theirs.id, { category: 'people', minutes: 5, localDate: '2026-11-01', note: 'x' })).toBeUndefined();
    expect(await entries.delete(ME, theirs.id)).toBe(false);
    expect(await entries.get(OTHER, theirs.id)).toEqual(theirs);

    const changed = await entries.update(ME, mine.id, { category: 'people', minutes: 90, localDate: '2026-11-17', note: null });
    expect(changed).toEqual({ ...mine, category: 'people', minutes: 90, localDate: '2026-11-17', note: null });
    expect(await entries.get(ME, mine.id)).toEqual(changed);
    expect(await entries.delete(ME, mine.id)).toBe(true);
    expect(await entries.delete(ME, mine.id)).toBe(false);
    expect(await entries.get(ME, mine.id)).toBeUndefined();
  });

  it('puts entries back with their original ids, and later entries still get new ids', async () => {
    const a = (await entries.add(entry({ note: 'a' }))).entry;
    const b = (await entries.add(entry({ note: 'b', category: 'people' }))).entry;
    const theirs = (await entries.add(entry({ userId: OTHER }))).entry;
    const shortened = await entries.update(ME, a.id, { category: 'coding', minutes: 10, localDate: a.localDate, note: 'a' });
    await entries.delete(ME, b.id);

    // Undo: remove what the action left (a as shortened), put back what it changed or deleted.
    await entries.restore(ME, [shortened!.id, theirs.id], [a, b, { ...theirs, id: 999_999 }]);
    expect(await entries.list(ME)).toEqual([a, b]);
    expect(await entries.list(OTHER)).toEqual([theirs]);
    expect(await storedIds(OTHER)).toEqual([theirs.id]);

    const c = (await entries.add(entry({ note: 'c' }))).entry;
    expect(c.id).toBeGreaterThan(theirs.id);
    expect(await storedIds(ME)).toEqual([a.id, b.id, c.id]);
  });

  it('restores all or nothing', async () => {
    const a = (await entries.add(entry({ note: 'a' }))).entry;
    const b = (await entries.add(entry({ note: 'b' }))).entry;
    // Re-inserting b while it still exists fails: the removal of a must not stay behind.
    await expect(entries.restore(ME, [a.id], [b])).rejects.toThrow();
    expect(await entries.list(ME)).toEqual([a, b]);
  });

  it("deletes all of one manager's entries and says how many", async () => {
    await entries.add(entry());
    await entries.add(entry({ localDate: '2026-11-19' }));
    const theirs = (await entries.add(entry({ userId: OTHER }))).entry;
    expect(await entries.deleteAll(ME)).toBe(2);
    expect(await entries.deleteAll(ME)).toBe(0);
    expect(await entries.list(ME)).toEqual([]);
    expect(await entries.list(OTHER)).toEqual([theirs]);
  });
});

describe('own targets', () => {
  it('stores, replaces and resets own ranges per manager', async () => {
    const targets = createTargetRepository(db, fixedWorkspace('T1'));
    expect(await targets.overrides(ME)).toEqual({});
    await targets.set(ME, 'coding', { min: 10, max: 30 });
    await targets.set(ME, 'people', { min: 20, max: 40 });
    await targets.set(ME, 'coding', { min: 5, max: 15 });
    await targets.set(OTHER, 'coding', { min: 50, max: 60 });
    expect(await targets.overrides(ME)).toEqual({ coding: { min: 5, max: 15 }, people: { min: 20, max: 40 } });

    expect(await targets.reset(ME, 'meetings')).toBe(0);
    expect(await targets.reset(ME, 'coding')).toBe(1);
    expect(await targets.overrides(ME)).toEqual({ people: { min: 20, max: 40 } });
    await targets.set(ME, 'strategy', { min: 0, max: 100 });
    expect(await targets.reset(ME)).toBe(2);
    expect(await targets.overrides(ME)).toEqual({});
    expect(await targets.overrides(OTHER)).toEqual({ coding: { min: 50, max: 60 } });
  });
});

describe('undo journal', () => {
  const at = new Date('2026-11-18T10:00:00.000Z');

  async function someEntry(note: string): Promise<TimeEntry> {
    return (await entries.add(entry({ note }))).entry;
  }

  it('returns the latest open action with its entries, and undoes each action once', async () => {
    const actions = createTimeLogActionRepository(db, fixedWorkspace('T1'));
    expect(await actions.lastOpen(ME)).toBeUndefined();
    const logged = await someEntry('logged');
    const edited = { ...logged, minutes: 30 };
    const first = await actions.record({ userId: ME, kind: 'log', localDate: '2026-11-18', before: [], after: [logged], createdAt: at });
    const second = await actions.record({ userId: ME, kind: 'edit', localDate: '2026-11-18', before: [logged], after: [edited], createdAt: at });
    const theirs = await actions.record({ userId: OTHER, kind: 'delete', localDate: '2026-11-18', before: [], after: [], createdAt: at });
    expect(second).toBeGreaterThan(first);

    expect(await actions.lastOpen(ME)).toEqual({
      id: second,
      userId: ME,
      kind: 'edit',
      localDate: '2026-11-18',
      before: [logged],
      after: [edited],
      createdAt: '2026-11-18T10:00:00.000Z',
    });

    expect(await actions.markUndone(ME, theirs, 'undo-x', at)).toBe(false);
    expect(await actions.markUndone(ME, second, 'undo-1', at)).toBe(true);
    expect(await actions.markUndone(ME, second, 'undo-2', at)).toBe(false);
    expect((await actions.undoneBy(ME, 'undo-1'))?.id).toBe(second);
    expect(await actions.undoneBy(ME, 'undo-2')).toBeUndefined();
    expect(await actions.undoneBy(OTHER, 'undo-1')).toBeUndefined();
    expect((await actions.lastOpen(ME))?.id).toBe(first);
    expect((await actions.lastOpen(OTHER))?.id).toBe(theirs);
  });
});
