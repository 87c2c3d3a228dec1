// @engines sqlite postgres
import { loadCoachingContent } from '../../src/core/content/coaching';
import { fixedWorkspace } from '../../src/core/workspace';
import { TEST_TEAM_ID } from '../support/slackDouble';
import { createRepositories } from '../../src/repositories';
import { cohortSummary, sharedLabel } from '../../src/features/summaries/rules/cohort';
import { personalSummary, type PersonalReport } from '../../src/features/summaries/rules/personal';
import { dueWeeklySend } from '../../src/features/summaries/rules/week';
import { computeCohortSummary, loadSummaryData, mondaySomewhere } from '../../src/features/summaries/job';
import { freshDatabase } from '../support/database';
import { COHORT, DEFAULT_RANGES, defaults, minutes, seedCohort, seedExtraPrivate, SUMMARISED_WEEK } from './fixtures';

const week = SUMMARISED_WEEK;

describe('personal summary figures (hand-computed)', () => {
  it("compares Alice's week with her targets and with the mean of the earlier weeks that have data", () => {
    const summary = personalSummary({
      week,
      lastWeek: minutes({ coding: 600, people: 600, meetings: 300, strategy: 300, improvement: 150, firefighting: 150 }),
      earlierWeeks: [minutes({ coding: 200, people: 600, strategy: 200 }), minutes({}), minutes({ coding: 300, people: 900, meetings: 300 })],
      targets: defaults(),
      improvement: 'yes',
    }) as PersonalReport;
    expect(summary.kind).toBe('report');
    expect(summary.split.totalMinutes).toBe(2100);
    expect(Object.fromEntries(summary.split.rows.map((r) => [r.category, [r.percent, r.standing]]))).toEqual({
      coding: [29, 'above'],
      people: [29, 'below'],
      meetings: [14, 'within'],
      strategy: [14, 'within'],
      improvement: [7, 'within'],
      firefighting: [7, 'within'],
    });
    expect(summary.earlierWeeksWithData).toBe(2);
    expect(summary.earlierAverageMinutes).toBe(1250);
    expect(summary.changePoints).toEqual({ coding: 9, people: -31, meetings: 4, strategy: 4, improvement: 7, firefighting: 7 });
    expect(summary.improvement).toBe('yes');
  });

  it('has nothing to compare with when the three weeks before are empty', () => {
    const summary = personalSummary({
      week,
      lastWeek: minutes({ people: 60 }),
      earlierWeeks: [minutes({}), minutes({}), minutes({})],
      targets: defaults(),
      improvement: 'unanswered',
    }) as PersonalReport;
    expect(summary.changePoints).toBeNull();
    expect(summary.earlierAverageMinutes).toBeNull();
  });

  it('turns a week with nothing logged into the no-data case, not an empty report', () => {
    const summary = personalSummary({ week, lastWeek: minutes({}), earlierWeeks: [minutes({ coding: 60 })], targets: defaults(), improvement: 'no' });
    expect(summary).toEqual({ kind: 'no-data', week, improvement: 'no' });
  });

  it("uses the manager's own range: 29% coding is within a 0-30 target", () => {
    const targets = defaults();
    targets.coding = { min: 0, max: 30, custom: true };
    const summary = personalSummary({
      week,
      lastWeek: minutes({ coding: 600, people: 600, meetings: 300, strategy: 300, improvement: 150, firefighting: 150 }),
      earlierWeeks: [],
      targets,
      improvement: 'unanswered',
    }) as PersonalReport;
    expect(summary.split.rows.find((r) => r.category === 'coding')?.standing).toBe('within');
  });
});

describe('cohort figures (hand-computed)', () => {
  async function fixedCohort(minGroup: number, extra = false) {
    const { db } = await freshDatabase();
    try {
      const repos = createRepositories(db, fixedWorkspace(TEST_TEAM_ID));
      await seedCohort({ db, repos });
      if (extra) await seedExtraPrivate({ db, repos });
      return computeCohortSummary(await loadSummaryData({ repos, coaching: loadCoachingContent() }, week), await repos.summary.recipients(), minGroup);
    } finally {
      await db.close();
    }
  }

  it('gives no figure at all when fewer managers logged than the minimum group (3 logged, minimum 5)', async () => {
    const summary = await fixedCohort(5);
    expect(summary.status).toBe('too-small');
    expect(summary.managersLogged).toBe(3);
    expect(summary.private).toBeUndefined();
    expect(summary.shared).toEqual([]);
    expect(summary.improvement).toEqual({ answered: 2 });
    expect(summary.history.every((h) => h.exact === undefined)).toBe(true);
  });

  it('names the opted-in managers but averages nobody when only one private manager logged (minimum 3)', async () => {
    const summary = await fixedCohort(3);
    expect(summary.status).toBe('summary');
    expect(summary.managersLogged).toBe(3); // Dave opted in but logged nothing; he is in no figure
    expect(summary.privateManagers).toBe(1); // Bob
    expect(summary.private).toBeUndefined();
    expect(summary.improvement).toEqual({ answered: 2 }); // Alice yes, Bob no: 2 < 3, so no count
    expect(summary.shared.map((s) => s.userId)).toEqual([COHORT.alice.userId, COHORT.carol.userId]);
    expect(summary.shared[0]?.split).toEqual({ coding: 29, people: 29, meetings: 14, strategy: 14, improvement: 7, firefighting: 7 });
    expect(summary.shared[0]?.totalMinutes).toBe(2100);
    // Private managers per week: only Bob, and only last week (Dave shares, Alice shares).
    expect(summary.history.map((h) => [h.week.start, h.privateManagers, h.exact])).toEqual([
      ['2026-10-26', 0, undefined],
      ['2026-11-02', 0, undefined],
      ['2026-11-09', 0, undefined],
      ['2026-11-16', 1, undefined],
    ]);
  });

  it('averages only the six private managers once there are enough of them, as worked out in fixtures.ts', async () => {
    const summary = await fixedCohort(5, true);
    expect(summary.managersLogged).toBe(8);
    expect(summary.privateManagers).toBe(6);
    expect(summary.private?.split).toEqual({ coding: 30, people: 64, meetings: 0, strategy: 0, improvement: 0, firefighting: 7 });
    expect(summary.private?.aboveCodingTarget).toBe(4);
    expect(summary.improvement).toEqual({ answered: 7, atTarget: 6, percent: 86 });
    expect(summary.shared.map((s) => s.userId)).toEqual([COHORT.alice.userId, COHORT.carol.userId]);
    expect(summary.history.map((h) => h.exact !== undefined)).toEqual([false, false, false, true]);
  });

  it('never lists a manager who did not opt in, however much they logged', () => {
    const summary = cohortSummary({
      weeks: [week],
      managers: [
        { userId: 'UOPTOUT1', weeks: [minutes({ coding: 900 })], targets: defaults(), sharesInCohort: false },
        { userId: 'UOPTIN02', weeks: [minutes({ people: 60 })], targets: defaults(), sharesInCohort: true },
        { userId: 'UOPTIN03', weeks: [minutes({ people: 60 })], targets: defaults(), sharesInCohort: true },
      ],
      improvementAnswers: [],
      minGroup: 3,
      defaultTargets: DEFAULT_RANGES,
    });
    expect(summary.shared.map((s) => s.userId)).toEqual(['UOPTIN02', 'UOPTIN03']);
    expect(summary.managersLogged).toBe(3);
    expect(summary.private).toBeUndefined();
    expect(summary.improvement).toEqual({ answered: 0 });
  });

  it('marks a week nobody logged as empty', () => {
    const summary = cohortSummary({ weeks: [week], managers: [], improvementAnswers: [{ atTarget: true }], minGroup: 5, defaultTargets: DEFAULT_RANGES });
    expect(summary.status).toBe('empty');
    expect(summary.managersLogged).toBe(0);
  });

  it('labels chart bars A..Z, then AA', () => {
    expect([0, 1, 25, 26, 27].map(sharedLabel)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
  });
});

describe('when a weekly send is due', () => {
  it('is due from Monday 09:00 local to the end of that Monday, for the week before', () => {
    // 08:00Z on Monday 23 Nov is 09:00 in Berlin (CET), 03:00 in New York.
    expect(dueWeeklySend(new Date('2026-11-23T08:00:00Z'), 'Europe/Berlin', '09:00')).toEqual({
      week,
      dueAt: new Date('2026-11-23T08:00:00Z'),
    });
    expect(dueWeeklySend(new Date('2026-11-23T07:59:00Z'), 'Europe/Berlin', '09:00')).toBeUndefined();
    expect(dueWeeklySend(new Date('2026-11-23T08:00:00Z'), 'America/New_York', '09:00')).toBeUndefined();
    expect(dueWeeklySend(new Date('2026-11-23T22:59:00Z'), 'Europe/Berlin', '09:00')?.week).toEqual(week);
    expect(dueWeeklySend(new Date('2026-11-23T23:00:00Z'), 'Europe/Berlin', '09:00')).toBeUndefined();
  });

  it('follows the local Monday across the date line', () => {
    // 20:00Z on Sunday 22 Nov is 09:00 on Monday 23 Nov in Auckland (NZDT, UTC+13).
    expect(dueWeeklySend(new Date('2026-11-22T20:00:00Z'), 'Pacific/Auckland', '09:00')?.week).toEqual(week);
  });
});

describe('the every-minute job only looks at the database while it is Monday somewhere', () => {
  it.each([
    ['2026-11-22T09:59:00Z', false], // Sunday 09:59 UTC: not yet Monday in Kiritimati (UTC+14)
    ['2026-11-22T10:00:00Z', true],
    ['2026-11-23T10:00:00Z', true],
    ['2026-11-24T11:59:00Z', true], // Monday 23:59 in Baker Island (UTC−12)
    ['2026-11-24T12:00:00Z', false],
    ['2026-11-19T10:00:00Z', false],
  ])('%s → %s', (iso, expected) => {
    expect(mondaySomewhere(new Date(iso))).toBe(expected);
  });
});
