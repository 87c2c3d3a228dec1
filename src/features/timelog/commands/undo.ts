import { undoMessage } from '../blocks';
import { todayFor } from '../service';
import type { Subcommand } from '../../../core/routers/subcommand';

/** `/lead undo`: removes the manager's most recent entry. */
export function undoSubcommand(): Subcommand {
  return {
    name: 'undo',
    mutating: true,
    answersFromDatabase: true,
    summary: 'Remove the last time entry you logged',
    example: '/lead undo',
    async run({ manager, respond, logger, deps }) {
      const entries = deps.repos.timeEntries;
      const last = await entries.last(manager.userId);
      const removed = last && (await entries.delete(manager.userId, last.id)) ? last : undefined;
      logger.info({ entryId: removed?.id }, removed ? 'entry undone' : 'nothing to undo');
      const today = todayFor(deps, manager);
      const todayMinutes = await entries.dayTotal(manager.userId, today);
      await respond({ response_type: 'ephemeral', ...undoMessage(removed, today, todayMinutes) });
    },
  };
}
