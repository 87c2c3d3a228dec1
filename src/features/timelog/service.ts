import type { CoachingContent, SourceRef } from '../../core/content/coaching';
import type { Manager } from '../enrolment';
import { CATEGORY_IDS, categoryById, type CategoryId } from '../../core/categories';
import { pickCoachingLine } from './rules/coachingLine';
import { localDateIn, weekInZone, type WeekRange } from '../../core/dates/localDate';
import { computeSplit, type Split } from './rules/split';
import { mergeTargets, type Targets } from './rules/targets';
import type { TimeLogDeps } from './deps';

/** What reading a week needs: other features (Home, summaries) call these with their own dependencies. */
type ReadDeps = Pick<TimeLogDeps, 'coaching' | 'clock'> & { repos: Pick<TimeLogDeps['repos'], 'timeEntries' | 'targets'> };

export function defaultTargets(coaching: CoachingContent): Record<CategoryId, { min: number; max: number }> {
  const out = {} as Record<CategoryId, { min: number; max: number }>;
  for (const c of CATEGORY_IDS) {
    const t = coaching.target(c);
    out[c] = { min: t.min, max: t.max };
  }
  return out;
}

/** The manager's targets: the defaults from content/coaching.yaml, overridden by their own ranges. */
export async function targetsFor(deps: Pick<ReadDeps, 'repos' | 'coaching'>, userId: string): Promise<Targets> {
  return mergeTargets(defaultTargets(deps.coaching), await deps.repos.targets.overrides(userId));
}

/** The manager's local date right now. */
export function todayFor(deps: Pick<TimeLogDeps, 'clock'>, manager: Pick<Manager, 'timeZone'>): string {
  return localDateIn(deps.clock.now(), manager.timeZone);
}

export interface CoachingLine {
  text: string;
  source: SourceRef;
}

/** The one line of coaching for a week's split, from content/coaching.yaml, with its source. */
export function coachingLineFor(coaching: CoachingContent, split: Split): CoachingLine {
  const pick = pickCoachingLine(split);
  if (pick.kind === 'tip') {
    const tip = coaching.text(pick.key);
    return { text: tip.text, source: tip.source };
  }
  const row = split.rows.find((r) => r.category === pick.category);
  const guidance = coaching.target(pick.category);
  const label = categoryById(pick.category).label;
  const range = row ? `${row.target.min}–${row.target.max}%` : '';
  const share = row ? `${row.percent}%` : '';
  return {
    text: `${label} took ${share} of your week, ${pick.standing} your target of ${range}. ${guidance.text}`,
    source: guidance.source,
  };
}

export interface WeekSummary {
  week: WeekRange;
  split: Split;
  coaching: CoachingLine;
}

/** A manager's week (0 = this week, 1 = last week ...) in their zone, against their targets. */
export async function weekSummary(deps: ReadDeps, manager: Manager, weeksBack = 0, targets?: Targets): Promise<WeekSummary> {
  const week = weekInZone(deps.clock.now(), manager.timeZone, weeksBack);
  const minutes = await deps.repos.timeEntries.totals(manager.userId, week.start, week.end);
  const split = computeSplit(minutes, targets ?? (await targetsFor(deps, manager.userId)));
  return { week, split, coaching: coachingLineFor(deps.coaching, split) };
}
