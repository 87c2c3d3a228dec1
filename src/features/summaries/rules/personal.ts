import { CATEGORY_IDS, type CategoryId, type CategoryMinutes } from '../../../core/categories';
import { computeSplit, type Split } from '../../timelog';
import type { Targets } from '../../timelog';
import { exactShares, meanShares, totalMinutes, type CategoryShares } from './shares';
import type { Week } from './week';

/** The team's answer to the Wednesday "is 20% going to system improvement?" question. */
export type ImprovementAnswer = 'yes' | 'no' | 'unanswered';

export interface PersonalReport {
  kind: 'report';
  week: Week;
  /** Last week against the manager's targets (whole percent, as the time-log views show it). */
  split: Split;
  /** Mean minutes logged in the earlier weeks that have any; null when none do. */
  earlierAverageMinutes: number | null;
  /** How many of the three earlier weeks had time logged (the averages are over these). */
  earlierWeeksWithData: number;
  /** Percentage points against the mean share of those earlier weeks; null when there are none. */
  changePoints: Record<CategoryId, number> | null;
  improvement: ImprovementAnswer;
}

export interface PersonalNoData {
  kind: 'no-data';
  week: Week;
  improvement: ImprovementAnswer;
}

export type PersonalSummary = PersonalReport | PersonalNoData;

export interface PersonalInput {
  week: Week;
  lastWeek: CategoryMinutes;
  /** The three weeks before; weeks with nothing logged are left out of the averages (no log is not zero work). */
  earlierWeeks: readonly CategoryMinutes[];
  targets: Targets;
  improvement: ImprovementAnswer;
}

/** Last week against the manager's targets and against their own recent habit. */
export function personalSummary(input: PersonalInput): PersonalSummary {
  const split = computeSplit(input.lastWeek, input.targets);
  if (split.totalMinutes === 0) return { kind: 'no-data', week: input.week, improvement: input.improvement };
  const shares = exactShares(input.lastWeek) as CategoryShares;
  const earlier = input.earlierWeeks.filter((w) => totalMinutes(w) > 0);
  const earlierMean = meanShares(earlier.map((w) => exactShares(w) as CategoryShares));
  let changePoints: Record<CategoryId, number> | null = null;
  if (earlierMean) {
    changePoints = {} as Record<CategoryId, number>;
    for (const c of CATEGORY_IDS) changePoints[c] = Math.round(shares[c] - earlierMean[c]);
  }
  return {
    kind: 'report',
    week: input.week,
    split,
    earlierAverageMinutes: earlier.length
      ? Math.round(earlier.reduce((sum, w) => sum + totalMinutes(w), 0) / earlier.length)
      : null,
    earlierWeeksWithData: earlier.length,
    changePoints,
    improvement: input.improvement,
  };
}
