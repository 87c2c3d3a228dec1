import { invalidInputMessage, quoteUserInput } from '../../../core/blockKit';
import { weekInZone } from '../../../core/dates/localDate';
import { fail, ok, type Parsed } from '../../../core/result';
import type { Subcommand, SubcommandContext } from '../../../core/routers/subcommand';
import { HISTORY_EXAMPLE, historyMessage, type HistoryRange } from '../historyBlocks';
import { readWhen } from '../rules/when';
import { todayFor } from '../service';
import type { TimeLogDeps } from '../deps';

/** Reads `/lead history [week|last|<day>]` into the range of local dates to list. */
export function parseHistoryArgs(args: string, today: string, weekOf: (weeksBack: number) => { start: string; end: string }): Parsed<HistoryRange> {
  const word = args.trim().toLowerCase();
  if (word === '' || word === 'week' || word === 'this') {
    const week = weekOf(0);
    return ok({ from: week.start, to: week.end, page: 0 });
  }
  if (word === 'last') {
    const week = weekOf(1);
    return ok({ from: week.start, to: week.end, page: 0 });
  }
  const day = readWhen(word, today);
  if (!day.ok) return day;
  if (day.value.found && !day.value.rest.trim()) return ok({ from: day.value.localDate, to: day.value.localDate, page: 0 });
  return fail(`\`/lead history\` takes \`week\`, \`last\` or a day like \`yesterday\` or \`${today}\`, not ${quoteUserInput(args)}.`);
}

/** Answers `/lead history …` (and `/lead log list …`). */
export async function showHistory({ args, manager, respond, logger, deps }: SubcommandContext<TimeLogDeps>): Promise<void> {
  const today = todayFor(deps, manager);
  const range = parseHistoryArgs(args, today, (back) => weekInZone(deps.clock.now(), manager.timeZone, back));
  if (!range.ok) {
    logger.info({ problem: range.problem }, 'history refused');
    await respond({ response_type: 'ephemeral', ...invalidInputMessage(range.problem, HISTORY_EXAMPLE) });
    return;
  }
  const entries = await deps.repos.timeEntries.between(manager.userId, range.value.from, range.value.to);
  await respond({ response_type: 'ephemeral', ...historyMessage(entries, range.value) });
}

/** `/lead history [week|last|<day>]`: the entries, each with Edit and Delete. */
export function historySubcommand(): Subcommand<TimeLogDeps> {
  return {
    name: 'history',
    answersFromDatabase: true,
    summary: 'List your time entries (this week, `last` week or one day) to edit or delete them',
    example: HISTORY_EXAMPLE,
    run: showHistory,
  };
}
