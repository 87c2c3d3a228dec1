import { CATEGORY_IDS, type CategoryId } from '../../core/categories';
import type { Db } from '../../core/db/connection';
import { behindGate } from '../../core/db/transactions';
import type { OwnTarget } from './entities';

/** A manager's own target ranges (manager_targets); categories without a row use the defaults. */
export interface TargetRepository {
  /** The manager's own ranges, by category. */
  overrides(userId: string): Promise<Partial<Record<CategoryId, OwnTarget>>>;
  set(userId: string, category: CategoryId, range: OwnTarget): Promise<void>;
  /** Back to the default for one category, or for all when none is given; resolves how many were reset. */
  reset(userId: string, category?: CategoryId): Promise<number>;
}

export function createTargetRepository(db: Db): TargetRepository {
  const forUser = db.prepare<[string], { category: CategoryId; min_percent: number; max_percent: number }>(
    'SELECT category, min_percent, max_percent FROM manager_targets WHERE user_id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO manager_targets (user_id, category, min_percent, max_percent) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, category) DO UPDATE SET min_percent = excluded.min_percent, max_percent = excluded.max_percent`,
  );
  const removeOne = db.prepare('DELETE FROM manager_targets WHERE user_id = ? AND category = ?');
  const removeAll = db.prepare('DELETE FROM manager_targets WHERE user_id = ?');

  return behindGate(db, {
    /** The manager's own ranges, by category. */
    overrides(userId: string): Partial<Record<CategoryId, OwnTarget>> {
      const out: Partial<Record<CategoryId, OwnTarget>> = {};
      for (const r of forUser.all(userId)) {
        if (CATEGORY_IDS.includes(r.category)) out[r.category] = { min: r.min_percent, max: r.max_percent };
      }
      return out;
    },
    set(userId: string, category: CategoryId, range: OwnTarget): void {
      upsert.run(userId, category, range.min, range.max);
    },
    /** Back to the default for one category, or for all when none is given; returns how many were reset. */
    reset(userId: string, category?: CategoryId): number {
      return (category ? removeOne.run(userId, category) : removeAll.run(userId)).changes;
    },
  });
}
