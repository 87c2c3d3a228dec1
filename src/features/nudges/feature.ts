/**
 * The nudges feature as the app registers it: its subcommands, buttons, views and events. Only the
 * composition root (src/features.ts) imports this; other features and jobs use index.ts, which loads no listener.
 */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerNudgeActions } from './actions';
import { hoursSubcommand, nudgesSubcommand, timezoneSubcommand } from './commands';
import type { NudgeDeps } from './deps';
import { holidaysSubcommand } from './holidayCommands';
import { pauseSubcommand, resumeSubcommand } from './pauseCommands';
import { registerScheduleModal } from './scheduleModal';

export function nudgesFeature(deps: NudgeDeps): Feature {
  return {
    name: 'nudges',
    subcommands: withDeps(deps, [nudgesSubcommand(), pauseSubcommand(), resumeSubcommand(), hoursSubcommand(), timezoneSubcommand(), holidaysSubcommand()]),
    registerActions: (routes) => registerNudgeActions(routes, deps),
    registerViews: (routes) => registerScheduleModal(routes, deps),
  };
}
