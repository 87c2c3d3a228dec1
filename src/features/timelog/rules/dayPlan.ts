import { createHash } from 'node:crypto';

import { CATEGORY_IDS, type CategoryId, type CategoryMinutes } from '../../../core/categories';
import type { TimeEntry } from '../entities';

/** What saving the day form does to one existing entry. */
export type EntryChange = { kind: 'remove'; entry: TimeEntry } | { kind: 'shorten'; entry: TimeEntry; minutes: number };

/** One category whose total the form changes: from the logged total to the wanted one. */
export interface CategoryPlan {
  category: CategoryId;
  from: number;
  to: number;
  /** Minutes added as a new entry (when the total is raised). */
  added: number;
  /** Existing entries removed or shortened (when the total is lowered). */
  changes: EntryChange[];
}

/**
 * How to turn a day's entries into the totals the form asks for, touching as little as possible:
 * a raised total adds one entry with the difference; a lowered total takes time from entries
 * without a note first (newest first), then from noted ones, so notes go last and never silently.
 */
export function planDay(entries: readonly TimeEntry[], wanted: CategoryMinutes): CategoryPlan[] {
  const plans: CategoryPlan[] = [];
  for (const category of CATEGORY_IDS) {
    const own = entries.filter((e) => e.category === category);
    const from = own.reduce((s, e) => s + e.minutes, 0);
    const to = wanted[category];
    if (from === to) continue;
    if (to > from) {
      plans.push({ category, from, to, added: to - from, changes: [] });
      continue;
    }
    const candidates = [...own].sort((a, b) => Number(a.note !== null) - Number(b.note !== null) || b.id - a.id);
    let toTake = from - to;
    const changes: EntryChange[] = [];
    for (const entry of candidates) {
      if (toTake <= 0) break;
      if (entry.minutes <= toTake) {
        changes.push({ kind: 'remove', entry });
        toTake -= entry.minutes;
      } else {
        changes.push({ kind: 'shorten', entry, minutes: entry.minutes - toTake });
        toTake = 0;
      }
    }
    plans.push({ category, from, to, added: 0, changes });
  }
  return plans;
}

/** True when saving would remove or shorten an entry already logged, so the manager confirms first. */
export function changesExistingEntries(plans: readonly CategoryPlan[]): boolean {
  return plans.some((p) => p.changes.length > 0);
}

/** Identifies the state of a day's entries, so a confirmation is only applied to the day it described. */
export function dayFingerprint(entries: readonly TimeEntry[]): string {
  const state = entries.map((e) => `${e.id}:${e.category}:${e.minutes}`).join(',');
  return createHash('sha256').update(state).digest('hex').slice(0, 32);
}
