import { exportSubcommand } from './export';
import { forgetMeSubcommand } from './forgetMe';
import { logSubcommand } from './log';
import type { Subcommand } from './subcommand';
import { targetsSubcommand } from './targets';
import { undoSubcommand } from './undo';
import { weekSubcommand } from './week';

/** The time-allocation log's subcommands, in the order help lists them. */
export function timeLogSubcommands(): Subcommand[] {
  return [logSubcommand(), undoSubcommand(), weekSubcommand(), targetsSubcommand(), exportSubcommand(), forgetMeSubcommand()];
}
