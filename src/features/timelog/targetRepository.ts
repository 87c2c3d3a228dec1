import { CATEGORY_IDS, type CategoryId } from '../../core/categories';
import type { SqlDatabase } from '../../core/db/sql';
import type { Workspace } from '../../core/workspace';
import type { OwnTarget } from './entities';

/** A manager's own target ranges (manager_targets); categories without a row use the defaults. */
export interface TargetRepository {
  /** The manager's own ranges, by category. */
  overrides(userId: string): Promise<Partial<Record<CategoryId, OwnTarget>>>;
  set(userId: string, category: CategoryId, range: OwnTarget): Promise<void>;
  /** Back to the default for one category, or for all when none is given; resolves how many were reset. */
  reset(userId: string, category?: CategoryId): Promise<number>;
}

export function createTargetRepository(db: SqlDatabase, workspace: Workspace): TargetRepository {
  return {
    /** The manager's own ranges, by category. */
    async overrides(userId: string): Promise<Partial<Record<CategoryId, OwnTarget>>> {
      const rows = await db.all<{ category: CategoryId; min_percent: number; max_percent: number }>(
        'SELECT category, min_percent, max_percent FROM manager_targets WHERE team_id = ? AND user_id = ?',
        [workspace.id, userId],
      );
      const out: Partial<Record<CategoryId, OwnTarget>> = {};
      for (const r of rows) {
        if (CATEGORY_IDS.includes(r.category)) out[r.category] = { min: r.min_percent, max: r.max_percent };
      }
      return out;
    },
    async set(userId: string, category: CategoryId, range: OwnTarget): Promise<void> {
      await db.run(
        `INSERT INTO manager_targets (team_id, user_id, category, min_percent, max_percent) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (team_id, user_id, category) DO UPDATE SET min_percent = excluded.min_percent, max_percent = excluded.max_percent`,
        [workspace.id, userId, category, range.min, range.max],
      );
    },
    /** Back to the default for one category, or for all when none is given; resolves how many were reset. */
    async reset(userId: string, category?: CategoryId): Promise<number> {
      const { changes } = category
        ? await db.run('DELETE FROM manager_targets WHERE team_id = ? AND user_id = ? AND category = ?', [workspace.id, userId, category])
        : await db.run('DELETE FROM manager_targets WHERE team_id = ? AND user_id = ?', [workspace.id, userId]);
      return changes;
    },
  };
}
