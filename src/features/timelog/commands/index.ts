import { exportSubcommand } from '../../privacy/exportCommand';
import { forgetMeSubcommand } from '../../privacy/forgetMeCommand';
import { historySubcommand } from './history';
import { logSubcommand } from './log';
import type { Subcommand } from '../../../core/routers/subcommand';
import { targetsSubcommand } from './targets';
import { undoSubcommand } from './undo';
import { weekSubcommand } from './week';

/** The time-allocation log's subcommands, in the order help lists them. */
export function timeLogSubcommands(): Subcommand[] {
  return [logSubcommand(), historySubcommand(), undoSubcommand(), weekSubcommand(), targetsSubcommand(), exportSubcommand(), forgetMeSubcommand()];
}
