import { CATEGORY_IDS, type CategoryMinutes } from '../../src/core/categories';
import { chartAltText, cohortSummaryMessage, nativeCohortChart } from '../../src/features/summaries/blocks';
import { cohortChartSvg, MAX_CHART_MANAGERS } from '../../src/features/summaries/chart';
import { cohortSummary, type CohortSummary, type ManagerWeeks } from '../../src/features/summaries/rules/cohort';
import { exactShares } from '../../src/features/summaries/rules/shares';
import { weeksEndingWith } from '../../src/features/summaries/rules/week';
import { DEFAULT_RANGES, defaults, minutes, SUMMARISED_WEEK } from './fixtures';

const weeks = weeksEndingWith(SUMMARISED_WEEK, 4);

/** Everything a reader of the channel gets: both versions of the message, the PNG chart's SVG and its alt text. */
function posted(summary: CohortSummary): string {
  const native = nativeCohortChart(summary);
  const withNative = cohortSummaryMessage(summary, { chartManagers: native?.managers ?? 0, ...(native ? { nativeChart: native.block } : {}) });
  const withPng = cohortSummaryMessage(summary, { chartManagers: Math.min(summary.shared.length, MAX_CHART_MANAGERS) });
  return JSON.stringify([withNative, withPng, cohortChartSvg(summary), chartAltText(summary)]);
}

/** A manager's week, different for every index, so no two managers share a split. */
function weekFor(i: number, shift = 0): CategoryMinutes {
  return minutes({ coding: 60 + 300 * ((i + shift) % 4), people: 300 + 41 * i, meetings: 120 + 60 * ((i + shift) % 5), firefighting: 90 * ((i + shift) % 3) });
}

interface World {
  managers: ManagerWeeks[];
  answers: boolean[];
}

function world(total: number, sharers: number): World {
  const managers = Array.from({ length: total }, (_, i) => ({
    userId: `UMGR${String(i).padStart(4, '0')}`,
    weeks: weeks.map(() => weekFor(i)),
    targets: defaults(),
    sharesInCohort: i < sharers,
  }));
  return { managers, answers: managers.map((_, i) => i % 2 === 0) };
}

function summarise(w: World, minGroup: number): CohortSummary {
  return cohortSummary({
    weeks,
    managers: w.managers,
    improvementAnswers: w.answers.map((atTarget) => ({ atTarget })),
    minGroup,
    defaultTargets: DEFAULT_RANGES,
  });
}

function split(m: ManagerWeeks): Record<string, number> {
  const last = m.weeks[m.weeks.length - 1];
  const shares = last ? exactShares(last) : undefined;
  if (!shares) throw new Error('every test manager logs');
  return shares;
}

function furthestApart(a: Record<string, number>, b: Record<string, number>): number {
  return Math.max(...CATEGORY_IDS.map((c) => Math.abs((a[c] ?? 0) - (b[c] ?? 0))));
}

/**
 * The attack from issue 13: with 3 managers logged and 2 named, average × 3 − the two named splits
 * gave the third manager's split within 1–2 points. Here a reader knows everything posted. For
 * each private manager P we build a second cohort in which P's split (and 20% answer) is different
 * by more than 10 points and every other manager is the same or only swapped with another private
 * manager, and check that the posts are identical: the reader cannot tell the two apart, so
 * nothing posted pins down P's split, by subtraction or otherwise.
 */
describe('no posted figure lets a reader work out a private manager’s split', () => {
  const cases: Array<[number, number, number]> = [];
  for (const total of [3, 5, 6]) for (const sharers of [1, 2]) for (const minGroup of [3, 5]) cases.push([total, sharers, minGroup]);

  it.each(cases)('%i managers logged, %i opted in, minimum group %i', (total, sharers, minGroup) => {
    const base = world(total, sharers);
    const summary = summarise(base, minGroup);
    const privates = base.managers.filter((m) => !m.sharesInCohort);
    const aggregated = summary.private !== undefined;
    // The private average appears only for a group of at least the minimum, and never includes a named manager.
    expect(aggregated).toBe(summary.status === 'summary' && privates.length >= minGroup);
    expect(summary.improvement.percent !== undefined).toBe(summary.status === 'summary' && total >= minGroup);

    for (const p of privates) {
      const index = base.managers.indexOf(p);
      const other: World = { managers: base.managers.map((m) => ({ ...m })), answers: [...base.answers] };
      if (aggregated) {
        // A group of at least the minimum: swap P with another private manager. Every average and
        // count is the same, but P's split is someone else's.
        const q = privates.find((m) => m !== p && furthestApart(split(m), split(p)) > 10);
        if (!q) throw new Error('the test cohort needs two private managers with different splits');
        const qi = base.managers.indexOf(q);
        other.managers[index] = { ...p, weeks: q.weeks };
        other.managers[qi] = { ...q, weeks: p.weeks };
      } else {
        // Too small a group: give P a different week altogether (all firefighting).
        other.managers[index] = { ...p, weeks: weeks.map(() => minutes({ firefighting: 600 })) };
      }
      if (summary.improvement.percent === undefined) other.answers[index] = !base.answers[index];
      else {
        const flipWith = other.answers.findIndex((a, i) => i !== index && a !== base.answers[index]);
        if (flipWith >= 0) [other.answers[index], other.answers[flipWith]] = [other.answers[flipWith] ?? false, other.answers[index] ?? false];
      }
      const changed = other.managers[index];
      if (!changed) throw new Error('unreachable');
      expect(furthestApart(split(changed), split(p))).toBeGreaterThan(10);
      expect(posted(summarise(other, minGroup))).toBe(posted(summary));
    }
  });

  it('shows the opted-in managers’ own splits, so the check above would fail if they were in the average', () => {
    const base = world(6, 1);
    const summary = summarise(base, 5);
    expect(summary.private).toBeDefined();
    // Changing the named manager changes what is posted (their split is shown), but not the private average.
    const other: World = { managers: base.managers.map((m, i) => (i === 0 ? { ...m, weeks: weeks.map(() => weekFor(0, 3)) } : m)), answers: base.answers };
    const changed = summarise(other, 5);
    expect(posted(changed)).not.toBe(posted(summary));
    expect(changed.private).toEqual(summary.private);
  });

  it('would catch the old post: an average over everyone next to two named splits gives the third away', () => {
    const base = world(3, 2);
    const everyone = base.managers.map(split);
    const average = Object.fromEntries(CATEGORY_IDS.map((c) => [c, Math.round(everyone.reduce((sum, s) => sum + (s[c] ?? 0), 0) / 3)]));
    const named = base.managers.filter((m) => m.sharesInCohort).map(split);
    const derived = Object.fromEntries(CATEGORY_IDS.map((c) => [c, (average[c] ?? 0) * 3 - named.reduce((sum, s) => sum + Math.round(s[c] ?? 0), 0)]));
    const third = base.managers[2];
    if (!third) throw new Error('three managers');
    expect(furthestApart(derived, split(third))).toBeLessThanOrEqual(2);
    // The post today carries no average for that lone private manager.
    const now = summarise(base, 3);
    expect(now.private).toBeUndefined();
    const text = posted(now);
    expect(text).not.toContain('Average split of the');
    expect(text).toContain('Only 1 manager keeps their split private, fewer than 3');
  });
});
