import { emptyMinutes, type CategoryId, type CategoryMinutes } from '../../../core/categories';
import { computeSplit, type Split } from '../../timelog';
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

/** The anonymous figures: only over managers who logged and did not opt in, so no shared split can be subtracted out. */
export interface PrivateFigures {
  /** Mean of each private manager's split in whole percent (every manager counts once). */
  split: CategoryShares;
  exact: CategoryShares;
  aboveCodingTarget: number;
}

export interface CohortWeekSplit {
  week: Week;
  /** Managers who logged that week and do not share their split. */
  privateManagers: number;
  /** Their mean split; undefined when they are fewer than the minimum group (or none). */
  exact: CategoryShares | undefined;
}

/**
 * `empty`: nobody logged, nothing is posted. `too-small`: fewer managers logged than the minimum
 * group, so the post gives no figure at all. `summary`: the figures whose group is large enough.
 */
export type CohortStatus = 'empty' | 'too-small' | 'summary';

export interface CohortSummary {
  week: Week;
  status: CohortStatus;
  minGroup: number;
  /** Managers who logged time in `week`: the only people any figure or count is about. */
  managersLogged: number;
  /** Logged but did not opt in: the group the anonymous figures are over. */
  privateManagers: number;
  /** Undefined when the private managers are fewer than `minGroup`. */
  private: PrivateFigures | undefined;
  /** Teams that answered the Wednesday question; the count at 20% only when they are at least `minGroup`. */
  improvement: { answered: number; atTarget: number; percent: number } | { answered: number; atTarget?: undefined; percent?: undefined };
  /** The summarised weeks, oldest first, ending with `week` (for the chart). */
  history: CohortWeekSplit[];
  /** Opted-in managers who logged in `week`, in user id order; empty when the cohort is too small. */
  shared: SharedSplit[];
  /** The default target ranges the chart shades. */
  targets: Record<CategoryId, { min: number; max: number }>;
}

export interface CohortInput {
  /** Oldest first; the last is the week the summary is about. */
  weeks: readonly Week[];
  managers: readonly ManagerWeeks[];
  /** The summarised week's improvement answers, one per team that answered. */
  improvementAnswers: ReadonlyArray<{ atTarget: boolean }>;
  minGroup: number;
  defaultTargets: Record<CategoryId, { min: number; max: number }>;
}

function wholeSplit(split: Split): CategoryShares {
  const whole = {} as CategoryShares;
  for (const r of split.rows) whole[r.category] = r.percent;
  return whole;
}

/**
 * The week's cohort figures, each over a group of at least `minGroup` managers who logged. Opted-in
 * managers are shown one by one and left out of every aggregate: an average over everyone next to
 * named splits would let a reader subtract the named ones and recover the rest.
 */
export function cohortSummary(input: CohortInput): CohortSummary {
  const lastIndex = input.weeks.length - 1;
  const week = input.weeks[lastIndex];
  if (!week) throw new Error('cohortSummary needs at least one week');
  const { minGroup } = input;

  const privateSplitsPerWeek: CategoryShares[][] = input.weeks.map(() => []);
  let managersLogged = 0;
  let aboveCodingTarget = 0;
  const shared: SharedSplit[] = [];
  for (const m of input.managers) {
    if (!m.sharesInCohort) {
      for (let i = 0; i <= lastIndex; i++) {
        const shares = exactShares(m.weeks[i] ?? emptyMinutes());
        if (shares) privateSplitsPerWeek[i]?.push(shares);
      }
    }
    const last = m.weeks[lastIndex] ?? emptyMinutes();
    const exact = exactShares(last);
    if (!exact) continue;
    managersLogged++;
    const split = computeSplit(last, m.targets);
    if (m.sharesInCohort) {
      shared.push({ userId: m.userId, split: wholeSplit(split), exact, totalMinutes: totalMinutes(last) });
    } else if (split.rows.some((r) => r.category === 'coding' && r.standing === 'above')) {
      aboveCodingTarget++;
    }
  }
  shared.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));

  const tooSmall = managersLogged < minGroup;
  const history = input.weeks.map((w, i) => {
    const splits = privateSplitsPerWeek[i] ?? [];
    return { week: w, privateManagers: splits.length, exact: !tooSmall && splits.length >= minGroup ? meanShares(splits) : undefined };
  });
  const lastWeek = history[lastIndex] as CohortWeekSplit;
  const answered = input.improvementAnswers.length;
  const atTarget = input.improvementAnswers.filter((a) => a.atTarget).length;
  return {
    week,
    status: managersLogged === 0 ? 'empty' : tooSmall ? 'too-small' : 'summary',
    minGroup,
    managersLogged,
    privateManagers: lastWeek.privateManagers,
    private: lastWeek.exact ? { split: roundShares(lastWeek.exact), exact: lastWeek.exact, aboveCodingTarget } : undefined,
    improvement: !tooSmall && answered >= minGroup ? { answered, atTarget, percent: Math.round((atTarget / answered) * 100) } : { answered },
    history,
    shared: tooSmall ? [] : shared,
    targets: input.defaultTargets,
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
