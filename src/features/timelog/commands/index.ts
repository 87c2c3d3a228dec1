import { historySubcommand } from './history';
import type { TimeLogDeps } from '../deps';
import { logSubcommand } from './log';
import type { Subcommand } from '../../../core/routers/subcommand';
import { targetsSubcommand } from './targets';
import { undoSubcommand } from './undo';
import { weekSubcommand } from './week';

/** The time-allocation log's subcommands, in the order help lists them. */
export function timeLogSubcommands(): Array<Subcommand<TimeLogDeps>> {
  return [logSubcommand(), historySubcommand(), undoSubcommand(), weekSubcommand(), targetsSubcommand()];
}
