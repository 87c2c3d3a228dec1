// @engines sqlite postgres
// The weekly summaries' storage on each engine: the cohort channel setting, what was posted for a
// week (never overwritten once posted), the chart upload taken by one sender, the personal reports
// handled, and the figures the summaries are made from.
import { emptyMinutes } from '../../src/core/categories';
import type { Database } from '../../src/core/db/database';
import { fixedWorkspace } from '../../src/core/workspace';
import { createSummaryRepository, type SummaryRepository } from '../../src/features/summaries/repository';
import { freshDatabase, openTestDatabase } from '../support/database';

const WEEK = '2026-11-16';
const AT = new Date('2026-11-23T09:00:00.000Z');
const later = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);

let db: Database;
let locator: string;
let repo: SummaryRepository;

async function addManager(userId: string, extra: { timeZone?: string; share?: number; nudges?: number; pausedUntil?: string; unreachable?: string } = {}) {
  await db.run(
    `INSERT INTO managers (user_id, team_id, enrolled_at, time_zone, share_in_cohort, nudges_enabled, paused_until, unreachable_reason)
     VALUES (?, 'T1', ?, ?, ?, ?, ?, ?)`,
    [userId, '2026-11-01T00:00:00.000Z', extra.timeZone ?? 'UTC', extra.share ?? 0, extra.nudges ?? 1, extra.pausedUntil ?? null, extra.unreachable ?? null],
  );
}

async function addEntry(userId: string, category: string, minutes: number, localDate: string) {
  await db.run(
    `INSERT INTO time_entries (team_id, user_id, category, minutes, local_date, time_zone, source, created_at)
     VALUES ('T1', ?, ?, ?, ?, 'UTC', 'command', ?)`,
    [userId, category, minutes, localDate, `${localDate}T12:00:00.000Z`],
  );
}

async function postWeek(weekStart = WEEK) {
  await repo.recordCohortAttempt({ weekStart, channelId: 'C_COHORT', version: 1, status: 'posted', ts: '111.222', at: AT });
}

beforeEach(async () => {
  ({ db, locator } = await freshDatabase());
  repo = createSummaryRepository(db, fixedWorkspace('T1'));
});

afterEach(async () => {
  await db.close();
});

describe('settings', () => {
  it('start as UTC, no channel, the default group size; each channel change bumps the version and keeps the rest', async () => {
    expect(await repo.settings()).toEqual({ channelId: null, setBy: null, setAt: null, timeZone: 'UTC', version: 0, minGroup: 5 });

    expect(await repo.setChannel('C_ONE', 'U_ADMIN', AT)).toEqual({
      channelId: 'C_ONE',
      setBy: 'U_ADMIN',
      setAt: AT.toISOString(),
      timeZone: 'UTC',
      version: 1,
      minGroup: 5,
    });
    await repo.setTimeZone('Europe/Berlin');
    await repo.setMinGroup(8);
    expect(await repo.setChannel('C_TWO', 'U_OTHER', later(1))).toEqual({
      channelId: 'C_TWO',
      setBy: 'U_OTHER',
      setAt: later(1).toISOString(),
      timeZone: 'Europe/Berlin',
      version: 2,
      minGroup: 8,
    });
    expect(await repo.settings()).toMatchObject({ channelId: 'C_TWO', version: 2, timeZone: 'Europe/Berlin', minGroup: 8 });
  });

  it('keep a time zone or group size set before any channel, with no channel', async () => {
    await repo.setMinGroup(3);
    await repo.setTimeZone('America/New_York');
    expect(await repo.settings()).toEqual({ channelId: null, setBy: null, setAt: null, timeZone: 'America/New_York', version: 0, minGroup: 3 });
  });
});

describe('the cohort post of a week', () => {
  it('records a failed try, then the post; once posted, a later failure does not overwrite it', async () => {
    expect(await repo.cohortPost(WEEK)).toBeUndefined();
    await repo.recordCohortAttempt({ weekStart: WEEK, channelId: 'C_COHORT', version: 1, status: 'failed', error: 'not_in_channel', at: AT });
    expect(await repo.cohortPost(WEEK)).toEqual({
      weekStart: WEEK,
      channelId: 'C_COHORT',
      settingsVersion: 1,
      status: 'failed',
      messageTs: null,
      error: 'not_in_channel',
      chartStatus: null,
      chartFileId: null,
      chartError: null,
      updatedAt: AT.toISOString(),
    });

    await repo.recordCohortAttempt({ weekStart: WEEK, channelId: 'C_NEW', version: 2, status: 'posted', ts: '111.222', at: later(1) });
    await repo.recordCohortAttempt({ weekStart: WEEK, channelId: 'C_NEW', version: 2, status: 'failed', error: 'late', at: later(2) });
    expect(await repo.cohortPost(WEEK)).toMatchObject({
      channelId: 'C_NEW',
      settingsVersion: 2,
      status: 'posted',
      messageTs: '111.222',
      error: null,
      updatedAt: later(1).toISOString(),
    });
    expect(await repo.cohortPost('2026-11-09')).toBeUndefined();
  });

  it('records an empty week once and does not overwrite a week already recorded', async () => {
    await repo.recordCohortEmpty({ weekStart: WEEK, channelId: 'C_COHORT', version: 1, at: AT });
    expect(await repo.cohortPost(WEEK)).toMatchObject({ status: 'empty', channelId: 'C_COHORT', settingsVersion: 1 });

    await postWeek('2026-11-09');
    await repo.recordCohortEmpty({ weekStart: '2026-11-09', channelId: 'C_OTHER', version: 3, at: later(1) });
    expect(await repo.cohortPost('2026-11-09')).toMatchObject({ status: 'posted', channelId: 'C_COHORT', settingsVersion: 1 });
  });
});

describe('the chart of a posted week', () => {
  const resume = (errors: readonly string[]) => ({ interruptedBefore: later(10), retryFailedBefore: later(10), retryableErrors: errors });

  it('is taken once, only after the post, and its outcome is stored', async () => {
    expect(await repo.claimChart(WEEK, AT)).toBe(false);
    await repo.recordCohortAttempt({ weekStart: WEEK, channelId: 'C_COHORT', version: 1, status: 'failed', error: 'x', at: AT });
    expect(await repo.claimChart(WEEK, AT)).toBe(false);
    await postWeek();
    expect(await repo.claimChart(WEEK, AT)).toBe(true);
    expect(await repo.claimChart(WEEK, AT)).toBe(false);
    expect(await repo.cohortPost(WEEK)).toMatchObject({ chartStatus: 'uploading', chartError: null });

    await repo.recordChart(WEEK, 'uploaded', later(1), { fileId: 'F123' });
    expect(await repo.cohortPost(WEEK)).toMatchObject({ chartStatus: 'uploaded', chartFileId: 'F123', chartError: null, updatedAt: later(1).toISOString() });
    expect(await repo.claimChart(WEEK, later(60), resume(['ratelimited']))).toBe(false);
  });

  it('is taken again after an interrupted upload, or a failure with a retryable error, only when resuming', async () => {
    await postWeek();
    await repo.claimChart(WEEK, AT);
    expect(await repo.claimChart(WEEK, later(20))).toBe(false);
    expect(await repo.claimChart(WEEK, later(20), resume([]))).toBe(true);

    await repo.recordChart(WEEK, 'failed', later(21), { error: 'not_allowed' });
    expect(await repo.cohortPost(WEEK)).toMatchObject({ chartStatus: 'failed', chartError: 'not_allowed', chartFileId: null });
    const stillLater = { interruptedBefore: later(60), retryFailedBefore: later(60) };
    expect(await repo.claimChart(WEEK, later(61), { ...stillLater, retryableErrors: ['ratelimited', 'timeout'] })).toBe(false);
    expect(await repo.claimChart(WEEK, later(61), { ...stillLater, retryableErrors: [] })).toBe(false);

    await repo.recordChart(WEEK, 'failed', later(22), { error: 'timeout' });
    expect(await repo.claimChart(WEEK, later(61), { interruptedBefore: later(60), retryFailedBefore: later(22), retryableErrors: ['timeout'] })).toBe(false);
    expect(await repo.claimChart(WEEK, later(61), { ...stillLater, retryableErrors: ['ratelimited', 'timeout'] })).toBe(true);
    expect(await repo.cohortPost(WEEK)).toMatchObject({ chartStatus: 'uploading', chartError: null, updatedAt: later(61).toISOString() });
  });

  it('goes to exactly one of two processes racing for it', async () => {
    const other = await openTestDatabase(locator);
    try {
      const otherRepo = createSummaryRepository(other, fixedWorkspace('T1'));
      for (let i = 0; i < 20; i++) {
        const week = `2027-01-${String(i + 1).padStart(2, '0')}`;
        await postWeek(week);
        const [a, b] = await Promise.all([repo.claimChart(week, AT), otherRepo.claimChart(week, AT)]);
        expect([a, b].filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await other.close();
    }
  });
});

describe('personal reports', () => {
  it('are recorded once per manager and week', async () => {
    await addManager('U_A');
    await addManager('U_B');
    expect(await repo.personalHandled(WEEK)).toEqual(new Set());
    await repo.recordPersonal('U_A', WEEK, 'report', 'sent', AT);
    await repo.recordPersonal('U_A', WEEK, 'no-data', 'failed', later(1), 'boom');
    await repo.recordPersonal('U_B', WEEK, 'no-data', 'failed', AT, 'not_in_channel');
    await repo.recordPersonal('U_B', '2026-11-09', 'report', 'sent', AT);
    expect(await repo.personalHandled(WEEK)).toEqual(new Set(['U_A', 'U_B']));
    expect(await repo.personalHandled('2026-11-09')).toEqual(new Set(['U_B']));
    expect(await db.all('SELECT user_id, kind, status, error FROM personal_summaries WHERE week_start = ? ORDER BY user_id', [WEEK])).toEqual([
      { user_id: 'U_A', kind: 'report', status: 'sent', error: null },
      { user_id: 'U_B', kind: 'no-data', status: 'failed', error: 'not_in_channel' },
    ]);
  });
});

describe('what the summaries are made from', () => {
  it('lists every manager as a recipient, in order, with their flags', async () => {
    await addManager('U_B', { timeZone: 'Europe/Berlin', share: 1, nudges: 0, pausedUntil: '2026-12-01' });
    await addManager('U_A', { unreachable: 'account_inactive' });
    expect(await repo.recipients()).toEqual([
      { userId: 'U_A', timeZone: 'UTC', enrolledAt: '2026-11-01T00:00:00.000Z', shareInCohort: false, nudgesEnabled: true, pausedUntil: null, unreachable: true },
      {
        userId: 'U_B',
        timeZone: 'Europe/Berlin',
        enrolledAt: '2026-11-01T00:00:00.000Z',
        shareInCohort: true,
        nudgesEnabled: false,
        pausedUntil: '2026-12-01',
        unreachable: false,
      },
    ]);
  });

  it('adds up minutes per manager, week and category, within the window only', async () => {
    await addManager('U_A');
    await addManager('U_B');
    await addEntry('U_A', 'coding', 60, '2026-11-02'); // week 0 (Monday)
    await addEntry('U_A', 'coding', 30, '2026-11-08'); // week 0 (Sunday)
    await addEntry('U_A', 'people', 45, '2026-11-09'); // week 1
    await addEntry('U_A', 'coding', 15, '2026-11-22'); // week 2 (last day)
    await addEntry('U_A', 'coding', 39, '2026-11-23'); // after the window
    await addEntry('U_B', 'meetings', 120, '2026-11-01'); // before the window
    await addEntry('U_B', 'meetings', 90, '2026-11-17');

    const three = await repo.minutesByWeek('2026-11-02', '2026-11-22', 3);
    expect([...three.keys()]).toEqual(['U_A', 'U_B']);
    expect(three.get('U_A')).toEqual([
      { ...emptyMinutes(), coding: 90 },
      { ...emptyMinutes(), people: 45 },
      { ...emptyMinutes(), coding: 15 },
    ]);
    expect(three.get('U_B')).toEqual([emptyMinutes(), emptyMinutes(), { ...emptyMinutes(), meetings: 90 }]);

    const one = await repo.minutesByWeek('2026-11-16', '2026-11-22', 1);
    expect(one).toEqual(
      new Map([
        ['U_A', [{ ...emptyMinutes(), coding: 15 }]],
        ['U_B', [{ ...emptyMinutes(), meetings: 90 }]],
      ]),
    );
    expect(await repo.minutesByWeek('2025-01-06', '2025-01-12', 1)).toEqual(new Map());
  });

  it('reads every manager’s own target ranges and the week’s improvement answers', async () => {
    await addManager('U_A');
    await addManager('U_B');
    await db.run("INSERT INTO manager_targets (team_id, user_id, category, min_percent, max_percent) VALUES ('T1', ?, ?, ?, ?)", ['U_A', 'coding', 10, 30]);
    await db.run("INSERT INTO manager_targets (team_id, user_id, category, min_percent, max_percent) VALUES ('T1', ?, ?, ?, ?)", ['U_A', 'people', 20, 50]);
    await db.run("INSERT INTO manager_targets (team_id, user_id, category, min_percent, max_percent) VALUES ('T1', ?, ?, ?, ?)", ['U_B', 'strategy', 5, 15]);
    expect(await repo.allTargetOverrides()).toEqual(
      new Map([
        ['U_A', { coding: { min: 10, max: 30 }, people: { min: 20, max: 50 } }],
        ['U_B', { strategy: { min: 5, max: 15 } }],
      ]),
    );

    const answer = (userId: string, week: string, atTarget: number) =>
      db.run("INSERT INTO improvement_answers (team_id, user_id, week_start, at_target, answered_at) VALUES ('T1', ?, ?, ?, ?)", [userId, week, atTarget, AT.toISOString()]);
    await answer('U_A', WEEK, 1);
    await answer('U_B', WEEK, 0);
    await answer('U_B', '2026-11-09', 1);
    expect(await repo.improvementAnswers(WEEK)).toEqual(
      new Map([
        ['U_A', true],
        ['U_B', false],
      ]),
    );
    expect(await repo.improvementAnswers('2026-11-02')).toEqual(new Map());
  });
});

describe('two workspaces on one database', () => {
  it('keep their channel, posts, recipients and figures apart, even for the same user id', async () => {
    const other = createSummaryRepository(db, fixedWorkspace('T2'));
    await addManager('U_SAME');
    await db.run(
      `INSERT INTO managers (user_id, team_id, enrolled_at, time_zone, share_in_cohort) VALUES ('U_SAME', 'T2', '2026-11-01T00:00:00.000Z', 'Asia/Tokyo', 1)`,
    );
    await addEntry('U_SAME', 'coding', 120, '2026-11-17');
    await db.run(
      `INSERT INTO time_entries (team_id, user_id, category, minutes, local_date, time_zone, source, created_at)
       VALUES ('T2', 'U_SAME', 'people', 45, '2026-11-17', 'Asia/Tokyo', 'command', '2026-11-17T01:00:00.000Z')`,
    );
    await repo.setChannel('C_ONE', 'U_ADMIN', AT);
    await postWeek();
    await repo.recordPersonal('U_SAME', WEEK, 'report', 'sent', AT);

    expect((await other.settings()).channelId).toBeNull();
    expect(await other.cohortPost(WEEK)).toBeUndefined();
    expect(await other.personalHandled(WEEK)).toEqual(new Set());
    expect(await other.recipients()).toEqual([expect.objectContaining({ userId: 'U_SAME', timeZone: 'Asia/Tokyo', shareInCohort: true })]);
    expect(await repo.recipients()).toEqual([expect.objectContaining({ userId: 'U_SAME', timeZone: 'UTC', shareInCohort: false })]);
    expect(await other.minutesByWeek(WEEK, '2026-11-22', 1)).toEqual(new Map([['U_SAME', [{ ...emptyMinutes(), people: 45 }]]]));
    expect(await repo.minutesByWeek(WEEK, '2026-11-22', 1)).toEqual(new Map([['U_SAME', [{ ...emptyMinutes(), coding: 120 }]]]));

    // The same week can be posted in each workspace's own channel.
    await other.setChannel('C_TWO', 'U_ADMIN2', AT);
    await other.recordCohortAttempt({ weekStart: WEEK, channelId: 'C_TWO', version: 1, status: 'posted', ts: '333.444', at: AT });
    expect((await repo.cohortPost(WEEK))?.channelId).toBe('C_COHORT');
    expect((await other.cohortPost(WEEK))?.channelId).toBe('C_TWO');
  });
});
