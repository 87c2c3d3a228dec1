import { CATEGORY_IDS, type CategoryId, type CategoryMinutes } from '../../../core/categories';

/** Percent of the week per category, not rounded. */
export type CategoryShares = Record<CategoryId, number>;

export function totalMinutes(minutes: CategoryMinutes): number {
  let total = 0;
  for (const c of CATEGORY_IDS) total += minutes[c];
  return total;
}

/** Exact percentages; undefined for a week with nothing logged. */
export function exactShares(minutes: CategoryMinutes): CategoryShares | undefined {
  const total = totalMinutes(minutes);
  if (total <= 0) return undefined;
  const shares = {} as CategoryShares;
  for (const c of CATEGORY_IDS) shares[c] = (minutes[c] / total) * 100;
  return shares;
}

/** Mean of several splits, each counting once; undefined when there is none. */
export function meanShares(splits: readonly CategoryShares[]): CategoryShares | undefined {
  if (splits.length === 0) return undefined;
  const mean = {} as CategoryShares;
  for (const c of CATEGORY_IDS) mean[c] = splits.reduce((sum, s) => sum + s[c], 0) / splits.length;
  return mean;
}

/** Whole percent per category, rounded the way the time-log views round them. */
export function roundShares(shares: CategoryShares): CategoryShares {
  const out = {} as CategoryShares;
  for (const c of CATEGORY_IDS) out[c] = Math.round(shares[c]);
  return out;
}
