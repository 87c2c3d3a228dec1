import type { CategoryId } from '../../../core/categories';
import { distanceFromTarget, type Split, type TargetStanding } from './split';

/**
 * Which coaching text fits a week. A dedicated tip exists for the classic traps (content/coaching.yaml
 * `tip.*`); any other off-target share falls back to that category's target rationale (`target.<category>`).
 */
export type CoachingPick =
  | { kind: 'tip'; key: string; category?: CategoryId; standing?: TargetStanding }
  | { kind: 'target'; category: CategoryId; standing: Exclude<TargetStanding, 'within'> };

const TIP_FOR: Partial<Record<`${CategoryId}:${TargetStanding}`, string>> = {
  'coding:above': 'tip.coding-above-target',
  'firefighting:above': 'tip.firefighting-high',
  'people:below': 'tip.people-low',
  'strategy:below': 'tip.strategy-low',
  'meetings:above': 'tip.meetings-high',
  'improvement:below': 'tip.improvement-low',
};

/** Every content/coaching.yaml text a coaching line can use, checked at start. */
export const COACHING_LINE_TEXT_KEYS: readonly string[] = ['tip.no-data', 'tip.on-track', ...Object.values(TIP_FOR)];

/**
 * One line of coaching for a week: for the share furthest outside its range (ties go to the
 * category listed first), `tip.on-track` when all are within, `tip.no-data` when nothing is logged.
 */
export function pickCoachingLine(split: Split): CoachingPick {
  if (split.totalMinutes === 0) return { kind: 'tip', key: 'tip.no-data' };
  let worst: { row: Split['rows'][number]; distance: number } | undefined;
  for (const row of split.rows) {
    const distance = distanceFromTarget(row);
    if (distance > 0 && (!worst || distance > worst.distance)) worst = { row, distance };
  }
  if (!worst) return { kind: 'tip', key: 'tip.on-track' };
  const { category, standing } = worst.row;
  const key = TIP_FOR[`${category}:${standing}`];
  if (key) return { kind: 'tip', key, category, standing };
  return { kind: 'target', category, standing: standing === 'above' ? 'above' : 'below' };
}
