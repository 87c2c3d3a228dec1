import { CATEGORY_IDS, type CategoryId, type CategoryMinutes } from '../../../core/categories';
import type { TargetRange, Targets } from './targets';

export type TargetStanding = 'below' | 'within' | 'above';

export interface SplitRow {
  category: CategoryId;
  minutes: number;
  /** Whole percent of the total (0 when nothing is logged). */
  percent: number;
  target: TargetRange;
  standing: TargetStanding;
}

export interface Split {
  totalMinutes: number;
  rows: SplitRow[];
}

/** Where a share stands against its range; compared in whole percent, as shown. */
export function standingOf(percent: number, target: TargetRange): TargetStanding {
  if (percent < target.min) return 'below';
  if (percent > target.max) return 'above';
  return 'within';
}

/** Hours and whole-percent share per category, each compared with the manager's target. */
export function computeSplit(minutes: CategoryMinutes, targets: Targets): Split {
  const totalMinutes = CATEGORY_IDS.reduce((sum, c) => sum + minutes[c], 0);
  const rows = CATEGORY_IDS.map((category) => {
    const percent = totalMinutes === 0 ? 0 : Math.round((minutes[category] / totalMinutes) * 100);
    const target = targets[category];
    return { category, minutes: minutes[category], percent, target, standing: standingOf(percent, target) };
  });
  return { totalMinutes, rows };
}

/** A bar of `width` cells for a percentage: `████░░░░░░` for 40%. */
export function textBar(percent: number, width = 10): string {
  const clamped = Math.max(0, Math.min(100, percent));
  const filled = Math.round((clamped / 100) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** How far outside its range a share is, in percentage points (0 when within). */
export function distanceFromTarget(row: SplitRow): number {
  if (row.standing === 'above') return row.percent - row.target.max;
  if (row.standing === 'below') return row.target.min - row.percent;
  return 0;
}
