import { z } from '../../core/zod';

import { CATEGORY_IDS } from '../../core/categories';
import type { SqlDatabase } from '../../core/db/sql';
import type { Workspace } from '../../core/workspace';
import type { NewTimeLogAction, TimeEntry, TimeLogAction, TimeLogActionKind } from './entities';

interface ActionRow {
  id: number;
  user_id: string;
  kind: TimeLogActionKind;
  local_date: string;
  before_rows: string;
  after_rows: string;
  created_at: string;
}

const entrySchema = z.object({
  id: z.number().int(),
  userId: z.string(),
  category: z.enum(CATEGORY_IDS),
  minutes: z.number().int(),
  localDate: z.string(),
  timeZone: z.string(),
  note: z.string().nullable(),
  source: z.enum(['command', 'modal', 'checkin']),
  createdAt: z.string(),
});
const entriesSchema = z.array(entrySchema);

function entriesFromJson(json: string): TimeEntry[] {
  return entriesSchema.parse(JSON.parse(json));
}

function toAction(r: ActionRow): TimeLogAction {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    localDate: r.local_date,
    before: entriesFromJson(r.before_rows),
    after: entriesFromJson(r.after_rows),
    createdAt: r.created_at,
  };
}

/** The journal of undoable changes to the time log (table time_log_actions). */
export interface TimeLogActionRepository {
  record(action: NewTimeLogAction): Promise<number>;
  /** The manager's most recent action not undone yet. */
  lastOpen(userId: string): Promise<TimeLogAction | undefined>;
  /** The action an undo request (by Slack's request id) already undid, if it did. */
  undoneBy(userId: string, requestKey: string): Promise<TimeLogAction | undefined>;
  /** Marks an action undone; false when it already was. */
  markUndone(userId: string, id: number, requestKey: string, at: Date): Promise<boolean>;
}

export function createTimeLogActionRepository(db: SqlDatabase, workspace: Workspace): TimeLogActionRepository {
  return {
    async record(action: NewTimeLogAction): Promise<number> {
      const row = await db.get<{ id: number }>(
        `INSERT INTO time_log_actions (team_id, user_id, kind, local_date, before_rows, after_rows, created_at)
         VALUES (@team, @userId, @kind, @localDate, @before, @after, @createdAt)
         RETURNING id`,
        {
          team: workspace.id,
          userId: action.userId,
          kind: action.kind,
          localDate: action.localDate,
          before: JSON.stringify(action.before),
          after: JSON.stringify(action.after),
          createdAt: action.createdAt.toISOString(),
        },
      );
      if (!row) throw new Error('time-log action was not stored');
      return Number(row.id);
    },
    async lastOpen(userId: string): Promise<TimeLogAction | undefined> {
      const r = await db.get<ActionRow>(
        'SELECT * FROM time_log_actions WHERE team_id = ? AND user_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1',
        [workspace.id, userId],
      );
      return r ? toAction(r) : undefined;
    },
    async undoneBy(userId: string, requestKey: string): Promise<TimeLogAction | undefined> {
      const r = await db.get<ActionRow>('SELECT * FROM time_log_actions WHERE team_id = ? AND user_id = ? AND undo_request_key = ?', [workspace.id, userId, requestKey]);
      return r ? toAction(r) : undefined;
    },
    async markUndone(userId: string, id: number, requestKey: string, at: Date): Promise<boolean> {
      const { changes } = await db.run(
        'UPDATE time_log_actions SET undone_at = ?, undo_request_key = ? WHERE id = ? AND user_id = ? AND team_id = ? AND undone_at IS NULL',
        [at.toISOString(), requestKey, id, userId, workspace.id],
      );
      return changes === 1;
    },
  };
}
