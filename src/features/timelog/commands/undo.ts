import { undoMessage } from '../blocks';
import { undoLastAction } from '../history';
import { todayFor } from '../service';
import type { Subcommand } from '../../../core/routers/subcommand';
import type { TimeLogDeps } from '../deps';

/** `/lead undo`: reverts the manager's last action on their log (a log, a form save, an edit or a delete). */
export function undoSubcommand(): Subcommand<TimeLogDeps> {
  return {
    name: 'undo',
    mutating: true,
    answersFromDatabase: true,
    summary: 'Undo your last change to the time log: an entry, a saved day form, an edit or a delete',
    example: '/lead undo',
    async run({ command, manager, respond, logger, deps }) {
      const undone = await undoLastAction(deps, manager.userId, command.trigger_id);
      logger.info(
        { actionId: undone?.action.id, kind: undone?.action.kind, duplicate: undone?.duplicate },
        undone ? 'action undone' : 'nothing to undo',
      );
      const today = todayFor(deps, manager);
      const entries = deps.repos.timeEntries;
      const day = undone?.action.localDate ?? today;
      await respond({
        response_type: 'ephemeral',
        ...undoMessage(undone, today, await entries.dayTotal(manager.userId, today), await entries.totals(manager.userId, day, day)),
      });
    },
  };
}
