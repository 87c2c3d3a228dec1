import { dayTooLongProblem, LOG_EXAMPLE, logConfirmationMessage } from '../blocks';
import { invalidInputMessage } from '../../../core/blockKit';
import { MINUTES_PER_DAY } from '../rules/duration';
import { parseLogArgs } from '../rules/logArgs';
import { todayFor } from '../service';
import { openTimeLogModal } from '../modal';
import { logEntry } from '../history';
import { showHistory } from './history';
import type { Subcommand } from '../../../core/routers/subcommand';
import type { TimeLogDeps } from '../deps';

/** `/lead log <category> <duration> [when] [note]`; alone it opens the whole-day form. */
export function logSubcommand(): Subcommand<TimeLogDeps> {
  return {
    name: 'log',
    summary: 'Log time spent: category, duration, optionally the day and a note. Alone, it opens a form for a whole day',
    example: LOG_EXAMPLE,
    async run(ctx) {
      const { args, command, manager, respond, client, logger, deps } = ctx;
      const list = /^list(?:\s+|$)([\s\S]*)$/i.exec(args);
      if (list) {
        await showHistory({ ...ctx, args: list[1] ?? '' });
        return;
      }
      const today = todayFor(deps, manager);
      if (!args) {
        await openTimeLogModal(client, command.trigger_id, manager, today, deps);
        return;
      }
      const parsed = parseLogArgs(args, today);
      if (!parsed.ok) {
        logger.info({ problem: parsed.problem }, 'log refused');
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(parsed.problem, LOG_EXAMPLE) });
        return;
      }
      const { category, minutes, localDate, note } = parsed.value;
      const result = await logEntry(
        deps,
        {
          userId: manager.userId,
          category,
          minutes,
          localDate,
          timeZone: manager.timeZone,
          note,
          source: 'command',
          createdAt: deps.clock.now(),
          requestKey: command.trigger_id,
        },
        MINUTES_PER_DAY,
      );
      if (!result.stored) {
        logger.info({ localDate, dayMinutes: result.dayMinutes, minutes }, 'log refused: day over 24h');
        const problem = dayTooLongProblem(localDate, result.dayMinutes, minutes);
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(problem, LOG_EXAMPLE) });
        return;
      }
      logger.info({ entryId: result.entry.id, category, minutes, localDate, duplicate: result.duplicate }, 'time logged');
      const entries = deps.repos.timeEntries;
      await respond({
        response_type: 'ephemeral',
        ...logConfirmationMessage({
          entry: result.entry,
          duplicate: result.duplicate,
          today,
          dayMinutes: await entries.totals(manager.userId, result.entry.localDate, result.entry.localDate),
          todayMinutes: await entries.totals(manager.userId, today, today),
        }),
      });
    },
  };
}
