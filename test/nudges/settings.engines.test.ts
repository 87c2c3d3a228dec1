// @engines sqlite postgres
import type { Database } from '../../src/core/db/database';
import { fixedWorkspace } from '../../src/core/workspace';
import type { NudgeId, NudgeOverride } from '../../src/features/nudges/catalog';
import { createNudgeSettingsRepository, type NudgeSettingsRepository } from '../../src/features/nudges/settingsRepository';
import { freshDatabase } from '../support/database';

/** The nudges feature's own tables, on this run's engine (LEAD_COACH_TEST_ENGINE). */
let db: Database;
let settings: NudgeSettingsRepository;

const T0 = new Date('2026-11-16T09:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** A manager row of the workspace (written directly: the enrolment feature's repository is not under test). */
async function enrol(teamId: string, userId: string): Promise<void> {
  await db.run('INSERT INTO managers (team_id, user_id, enrolled_at) VALUES (?, ?, ?)', [teamId, userId, T0.toISOString()]);
}

beforeEach(async () => {
  db = (await freshDatabase()).db;
  settings = createNudgeSettingsRepository(db, fixedWorkspace('T1'));
  for (const userId of ['U1', 'U2']) await enrol('T1', userId);
});

afterEach(async () => {
  await db.close();
});

/** A delivery row, as the delivery service leaves one (responses and sent snoozes point at it). */
async function delivered(key: string, userId: string, teamId = 'T1'): Promise<void> {
  await db.run("INSERT INTO deliveries (team_id, key, user_id, kind, due_at, status) VALUES (?, ?, ?, 'nudge', ?, 'sent')", [
    teamId,
    key,
    userId,
    T0.toISOString(),
  ]);
}

describe('nudge settings', () => {
  it('turns single nudges off and on again, per manager', async () => {
    await settings.setNudge('U1', 'time-checkin', false, later(1));
    await settings.setNudge('U1', 'time-checkin', false, later(2));
    await settings.setNudge('U1', 'no-code-block', false, later(3));
    await settings.setNudge('U2', 'manager-readme', false, later(3));
    expect(await settings.optOuts('U1')).toEqual(new Set(['time-checkin', 'no-code-block']));
    expect(await settings.allOptOuts()).toEqual(
      new Map([
        ['U1', new Set(['time-checkin', 'no-code-block'])],
        ['U2', new Set(['manager-readme'])],
      ]),
    );

    await settings.setNudge('U1', 'time-checkin', true, later(4));
    expect(await settings.optOuts('U1')).toEqual(new Set(['no-code-block']));
    expect(await settings.optOuts('U2')).toEqual(new Set(['manager-readme']));
    expect(await settings.optOuts('U_NOBODY')).toEqual(new Set());
  });

  it('moves the job’s cursors forward and never back, in one go', async () => {
    await settings.advanceCursors(['U1', 'U2'], later(10));
    await settings.advanceCursors(['U1'], later(5));
    await settings.advanceCursors(['U2'], later(20));
    expect(await settings.cursors()).toEqual(
      new Map([
        ['U1', later(10).toISOString()],
        ['U2', later(20).toISOString()],
      ]),
    );
  });

  it('advances no cursor when one of them cannot be stored', async () => {
    await expect(settings.advanceCursors(['U1', 'U_NOT_ENROLLED'], later(10))).rejects.toThrow();
    expect(await settings.cursors()).toEqual(new Map());
  });

  it('stores a snooze once and hands it back when due, until its delivery exists', async () => {
    const snooze = (deliveryKey: string, userId: string, dueAt: Date) =>
      settings.addSnooze({
        deliveryKey,
        originKey: 'nudge:time-checkin:2026-11-16',
        userId,
        nudgeId: 'time-checkin',
        dueAt,
        occurrence: '{"date":"2026-11-16"}',
        createdAt: T0,
      });
    expect(await snooze('snooze:b', 'U1', later(60))).toBe(true);
    expect(await snooze('snooze:b', 'U1', later(90))).toBe(false);
    expect(await snooze('snooze:a', 'U2', later(60))).toBe(true);
    expect(await snooze('snooze:c', 'U1', later(30))).toBe(true);
    expect(await snooze('snooze:later', 'U1', later(600))).toBe(true);

    expect(await settings.dueSnoozes(later(59))).toEqual([
      { deliveryKey: 'snooze:c', originKey: 'nudge:time-checkin:2026-11-16', userId: 'U1', nudgeId: 'time-checkin', dueAt: later(30).toISOString(), occurrence: '{"date":"2026-11-16"}' },
    ]);
    // Same due time: in key order on both engines.
    expect((await settings.dueSnoozes(later(60))).map((s) => s.deliveryKey)).toEqual(['snooze:c', 'snooze:a', 'snooze:b']);

    await delivered('snooze:c', 'U1');
    expect((await settings.dueSnoozes(later(60))).map((s) => s.deliveryKey)).toEqual(['snooze:a', 'snooze:b']);
  });

  it('keeps the last response to a nudge', async () => {
    await delivered('nudge:1', 'U1');
    expect(await settings.responseTo('nudge:1')).toBeUndefined();
    await settings.recordResponse('nudge:1', 'U1', 'snoozed', later(1));
    await settings.recordResponse('nudge:1', 'U1', 'done', later(2));
    expect(await settings.responseTo('nudge:1')).toBe('done');
    expect(await db.all('SELECT key, response, responded_at FROM nudge_responses')).toEqual([
      { key: 'nudge:1', response: 'done', responded_at: later(2).toISOString() },
    ]);
  });

  it('keeps the last improvement answer per manager and week', async () => {
    await settings.recordImprovementAnswer('U1', '2026-11-16', false, later(1));
    await settings.recordImprovementAnswer('U1', '2026-11-16', true, later(2));
    await settings.recordImprovementAnswer('U1', '2026-11-23', false, later(3));
    expect(await settings.improvementAnswer('U1', '2026-11-16')).toBe(true);
    expect(await settings.improvementAnswer('U1', '2026-11-23')).toBe(false);
    expect(await settings.improvementAnswer('U2', '2026-11-16')).toBeUndefined();
  });

  it('changes the time or the days of one nudge and keeps the other', async () => {
    await settings.setOverride('U1', 'time-checkin', { time: '17:00' }, later(1));
    await settings.setOverride('U1', 'time-checkin', { weekdays: [3, 5] }, later(2));
    await settings.setOverride('U1', 'no-code-block', { weekdays: [1] }, later(2));
    await settings.setOverride('U2', 'time-checkin', { time: '08:15' }, later(2));
    expect(await settings.overrides('U1')).toEqual(
      new Map([
        ['no-code-block', { weekdays: [1] }],
        ['time-checkin', { time: '17:00', weekdays: [3, 5] }],
      ]),
    );
    await settings.setOverride('U1', 'time-checkin', { time: '16:00' }, later(3));
    expect((await settings.overrides('U1')).get('time-checkin')).toEqual({ time: '16:00', weekdays: [3, 5] });
    expect(await settings.allOverrides()).toEqual(
      new Map<string, Map<NudgeId, NudgeOverride>>([
        ['U1', new Map<NudgeId, NudgeOverride>([['no-code-block', { weekdays: [1] }], ['time-checkin', { time: '16:00', weekdays: [3, 5] }]])],
        ['U2', new Map<NudgeId, NudgeOverride>([['time-checkin', { time: '08:15' }]])],
      ]),
    );
    expect(await settings.overrides('U_NOBODY')).toEqual(new Map());
  });

  it('counts ignored nudges, backs off, and starts again when the manager interacts', async () => {
    await settings.recordSent('U1', ['time-checkin', 'no-code-block']);
    await settings.recordSent('U1', ['time-checkin']);
    await settings.recordSent('U2', ['time-checkin']);
    expect(await settings.cadence('U1')).toEqual(
      new Map([
        ['no-code-block', { ignoredInRow: 1, lessOften: 'no', askPending: false, doneWeek: null }],
        ['time-checkin', { ignoredInRow: 2, lessOften: 'no', askPending: false, doneWeek: null }],
      ]),
    );

    await settings.backOff('U1', 'time-checkin');
    expect((await settings.cadence('U1')).get('time-checkin')).toEqual({ ignoredInRow: 2, lessOften: 'backed-off', askPending: true, doneWeek: null });
    await settings.askShown('U1', 'time-checkin');
    expect((await settings.cadence('U1')).get('time-checkin')).toMatchObject({ askPending: false });

    await settings.recordInteraction('U1', 'time-checkin');
    expect((await settings.cadence('U1')).get('time-checkin')).toEqual({ ignoredInRow: 0, lessOften: 'no', askPending: false, doneWeek: null });
    expect((await settings.cadence('U2')).get('time-checkin')).toEqual({ ignoredInRow: 1, lessOften: 'no', askPending: false, doneWeek: null });
  });

  it('keeps a chosen "less often" through interactions, and marks a week done', async () => {
    await settings.setLessOften('U1', 'system-improvement', true);
    await settings.recordInteraction('U1', 'system-improvement');
    await settings.markDoneForWeek('U1', 'manager-readme', '2026-11-16');
    expect(await settings.allCadence()).toEqual(
      new Map([
        [
          'U1',
          new Map([
            ['manager-readme', { ignoredInRow: 0, lessOften: 'no', askPending: false, doneWeek: '2026-11-16' }],
            ['system-improvement', { ignoredInRow: 0, lessOften: 'chosen', askPending: false, doneWeek: null }],
          ]),
        ],
      ]),
    );
    await settings.setLessOften('U1', 'system-improvement', false);
    expect((await settings.cadence('U1')).get('system-improvement')).toMatchObject({ lessOften: 'no' });
    expect(await settings.cadence('U2')).toEqual(new Map());
  });

  it('counts every send when several are recorded at once', async () => {
    await Promise.all(Array.from({ length: 5 }, () => settings.recordSent('U1', ['time-checkin'])));
    expect((await settings.cadence('U1')).get('time-checkin')).toMatchObject({ ignoredInRow: 5 });
  });

  it('adds a holiday once, lists them by date and removes them', async () => {
    expect(await settings.addHoliday({ date: '2026-12-25', name: 'Christmas', addedBy: 'U1', addedAt: T0.toISOString() })).toBe(true);
    expect(await settings.addHoliday({ date: '2026-12-25', name: 'Again', addedBy: 'U2', addedAt: T0.toISOString() })).toBe(false);
    expect(await settings.addHoliday({ date: '2026-11-26', name: 'Thanksgiving', addedBy: 'U2', addedAt: T0.toISOString() })).toBe(true);
    expect(await settings.holidays()).toEqual([
      { date: '2026-11-26', name: 'Thanksgiving', addedBy: 'U2', addedAt: T0.toISOString() },
      { date: '2026-12-25', name: 'Christmas', addedBy: 'U1', addedAt: T0.toISOString() },
    ]);
    expect(await settings.removeHoliday('2026-12-25')).toBe(true);
    expect(await settings.removeHoliday('2026-12-25')).toBe(false);
    expect((await settings.holidays()).map((h) => h.date)).toEqual(['2026-11-26']);
  });
  it('keeps two workspaces apart', async () => {
    // The same user id in two installs sharing one database: two people, two sets of rows.
    await enrol('T2', 'U1');
    const other = createNudgeSettingsRepository(db, fixedWorkspace('T2'));
    const snooze = (repo: NudgeSettingsRepository, occurrence: string) =>
      repo.addSnooze({
        deliveryKey: 'snooze:same-key',
        originKey: 'nudge:same-key',
        userId: 'U1',
        nudgeId: 'time-checkin',
        dueAt: later(5),
        occurrence,
        createdAt: T0,
      });

    for (const [repo, nudge, time, days, week] of [
      [settings, 'time-checkin', '17:00', '2026-12-25', true],
      [other, 'no-code-block', '08:00', '2026-12-26', false],
    ] as const) {
      await repo.setNudge('U1', nudge, false, later(1));
      await repo.setOverride('U1', nudge, { time }, later(1));
      await repo.recordSent('U1', [nudge]);
      await repo.advanceCursors(['U1'], repo === settings ? later(10) : later(20));
      expect(await snooze(repo, repo === settings ? '{"team":"T1"}' : '{"team":"T2"}')).toBe(true);
      await repo.recordImprovementAnswer('U1', '2026-11-16', week, later(1));
      expect(await repo.addHoliday({ date: days, name: 'Holiday', addedBy: 'U1', addedAt: T0.toISOString() })).toBe(true);
    }
    // The same date is a holiday of each workspace on its own.
    expect(await other.addHoliday({ date: '2026-12-25', name: 'Christmas', addedBy: 'U1', addedAt: T0.toISOString() })).toBe(true);
    // A response under the same delivery key in each.
    await delivered('nudge:same-key', 'U1', 'T1');
    await delivered('nudge:same-key', 'U1', 'T2');
    await settings.recordResponse('nudge:same-key', 'U1', 'done', later(2));
    await other.recordResponse('nudge:same-key', 'U1', 'skipped', later(2));

    expect(await settings.optOuts('U1')).toEqual(new Set(['time-checkin']));
    expect(await other.optOuts('U1')).toEqual(new Set(['no-code-block']));
    expect(await other.allOptOuts()).toEqual(new Map([['U1', new Set(['no-code-block'])]]));
    expect(await settings.overrides('U1')).toEqual(new Map([['time-checkin', { time: '17:00' }]]));
    expect(await other.allOverrides()).toEqual(new Map([['U1', new Map([['no-code-block', { time: '08:00' }]])]]));
    expect([...(await settings.cadence('U1')).keys()]).toEqual(['time-checkin']);
    expect([...(await other.allCadence()).keys()]).toEqual(['U1']);
    expect([...((await other.allCadence()).get('U1')?.keys() ?? [])]).toEqual(['no-code-block']);
    expect(await settings.cursors()).toEqual(new Map([['U1', later(10).toISOString()]]));
    expect(await other.cursors()).toEqual(new Map([['U1', later(20).toISOString()]]));
    expect((await settings.dueSnoozes(later(5))).map((s) => s.occurrence)).toEqual(['{"team":"T1"}']);
    expect((await other.dueSnoozes(later(5))).map((s) => s.occurrence)).toEqual(['{"team":"T2"}']);
    expect(await settings.responseTo('nudge:same-key')).toBe('done');
    expect(await other.responseTo('nudge:same-key')).toBe('skipped');
    expect(await settings.improvementAnswer('U1', '2026-11-16')).toBe(true);
    expect(await other.improvementAnswer('U1', '2026-11-16')).toBe(false);
    expect((await settings.holidays()).map((h) => h.date)).toEqual(['2026-12-25']);
    expect((await other.holidays()).map((h) => h.date)).toEqual(['2026-12-25', '2026-12-26']);

    // A snooze's delivery in the other workspace does not count as this one's.
    await delivered('snooze:same-key', 'U1', 'T2');
    expect(await settings.dueSnoozes(later(5))).toHaveLength(1);
    expect(await other.dueSnoozes(later(5))).toEqual([]);

    // Changes and deletions in one leave the other's rows alone.
    await settings.setNudge('U1', 'time-checkin', true, later(3));
    await other.setNudge('U1', 'time-checkin', true, later(3));
    await other.backOff('U1', 'no-code-block');
    await settings.askShown('U1', 'no-code-block');
    await settings.recordInteraction('U1', 'no-code-block');
    await settings.backOff('U1', 'time-checkin');
    expect(await settings.removeHoliday('2026-12-26')).toBe(false);
    expect(await settings.removeHoliday('2026-12-25')).toBe(true);
    expect(await settings.optOuts('U1')).toEqual(new Set());
    expect(await other.optOuts('U1')).toEqual(new Set(['no-code-block']));
    expect((await other.cadence('U1')).get('time-checkin')).toBeUndefined();
    expect((await other.cadence('U1')).get('no-code-block')).toEqual({ ignoredInRow: 1, lessOften: 'backed-off', askPending: true, doneWeek: null });
    expect((await settings.cadence('U1')).get('no-code-block')).toEqual({ ignoredInRow: 0, lessOften: 'no', askPending: false, doneWeek: null });
    expect((await other.holidays()).map((h) => h.date)).toEqual(['2026-12-25', '2026-12-26']);

    // Forgetting workspace T1's manager (the cascade from managers) leaves T2's namesake whole.
    await db.run('DELETE FROM managers WHERE team_id = ? AND user_id = ?', ['T1', 'U1']);
    expect(await settings.cursors()).toEqual(new Map());
    expect(await settings.responseTo('nudge:same-key')).toBeUndefined();
    expect(await other.cursors()).toEqual(new Map([['U1', later(20).toISOString()]]));
    expect(await other.responseTo('nudge:same-key')).toBe('skipped');
    expect(await other.optOuts('U1')).toEqual(new Set(['no-code-block']));
    expect(await other.dueSnoozes(later(5))).toEqual([]);
    expect(await db.get('SELECT COUNT(*) AS n FROM nudge_snoozes WHERE team_id = ?', ['T2'])).toEqual({ n: 1 });
  });
});
