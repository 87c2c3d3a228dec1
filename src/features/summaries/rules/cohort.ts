import { emptyMinutes, type CategoryMinutes } from '../../../core/categories';
import { computeSplit } from '../../timelog';
import type { Targets } from '../../timelog';
import { exactShares, meanShares, roundShares, totalMinutes, type CategoryShares } from './shares';
import type { Week } from './week';

/** One manager's logged minutes for each summarised week (oldest first, the summarised week last). */
export interface ManagerWeeks {
  userId: string;
  weeks: readonly CategoryMinutes[];
  targets: Targets;
  sharesInCohort: boolean;
}

export interface SharedSplit {
  userId: string;
  /** Whole percent per category. */
  split: CategoryShares;
  /** Exact percent, for drawing. */
  exact: CategoryShares;
  totalMinutes: number;
}

export interface CohortWeekSplit {
  week: Week;
  managersLogged: number;
  /** Mean of each logging manager's split (every manager counts once); undefined when nobody logged. */
  exact: CategoryShares | undefined;
}

export interface CohortSummary {
  week: Week;
  managersLogged: number;
  managersEnrolled: number;
  /** Cohort average split in whole percent; undefined when nobody logged. */
  split: CategoryShares | undefined;
  aboveCodingTarget: number;
  improvement: { answered: number; atTarget: number; percent: number | null };
  /** The summarised weeks, oldest first, ending with `week` (for the chart). */
  history: CohortWeekSplit[];
  /** Opted-in managers who logged in `week`, in user id order. Nobody else is ever named. */
  shared: SharedSplit[];
}

export interface CohortInput {
  /** Oldest first; the last is the week the summary is about. */
  weeks: readonly Week[];
  managers: readonly ManagerWeeks[];
  managersEnrolled: number;
  /** The summarised week's improvement answers, one per team that answered. */
  improvementAnswers: ReadonlyArray<{ atTarget: boolean }>;
}

export function cohortSummary(input: CohortInput): CohortSummary {
  const lastIndex = input.weeks.length - 1;
  const week = input.weeks[lastIndex];
  if (!week) throw new Error('cohortSummary needs at least one week');

  const splitsPerWeek: CategoryShares[][] = input.weeks.map(() => []);
  let aboveCodingTarget = 0;
  const shared: SharedSplit[] = [];
  for (const m of input.managers) {
    for (let i = 0; i <= lastIndex; i++) {
      const shares = exactShares(m.weeks[i] ?? emptyMinutes());
      if (shares) splitsPerWeek[i]?.push(shares);
    }
    const last = m.weeks[lastIndex] ?? emptyMinutes();
    const total = totalMinutes(last);
    if (total === 0) continue;
    const split = computeSplit(last, m.targets);
    if (split.rows.some((r) => r.category === 'coding' && r.standing === 'above')) aboveCodingTarget++;
    if (m.sharesInCohort) {
      const whole = {} as CategoryShares;
      for (const r of split.rows) whole[r.category] = r.percent;
      shared.push({ userId: m.userId, split: whole, exact: exactShares(last) as CategoryShares, totalMinutes: total });
    }
  }
  shared.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));

  const history = input.weeks.map((w, i) => {
    const splits = splitsPerWeek[i] ?? [];
    return { week: w, managersLogged: splits.length, exact: meanShares(splits) };
  });
  const lastWeek = history[lastIndex] as CohortWeekSplit;
  const answered = input.improvementAnswers.length;
  const atTarget = input.improvementAnswers.filter((a) => a.atTarget).length;
  return {
    week,
    managersLogged: lastWeek.managersLogged,
    managersEnrolled: input.managersEnrolled,
    split: lastWeek.exact ? roundShares(lastWeek.exact) : undefined,
    aboveCodingTarget,
    improvement: { answered, atTarget, percent: answered ? Math.round((atTarget / answered) * 100) : null },
    history,
    shared,
  };
}

/** The letter an opted-in manager's bar carries in the chart (A, B, ... Z, AA, AB ...), matched in the text. */
export function sharedLabel(index: number): string {
  let n = index;
  let label = '';
  do {
    label = String.fromCharCode(65 + (n % 26)) + label;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return label;
}
