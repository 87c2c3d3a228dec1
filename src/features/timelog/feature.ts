/**
 * The time log feature as the app registers it: its subcommands, buttons, views and events. Only the
 * composition root (src/features.ts) imports this; other features and jobs use index.ts, which loads no listener.
 */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerTimeLogActions } from './actions';
import { timeLogSubcommands } from './commands';
import type { TimeLogDeps } from './deps';
import { registerTimeLogViews } from './views';

export function timeLogFeature(deps: TimeLogDeps): Feature {
  return {
    name: 'timelog',
    subcommands: withDeps(deps, timeLogSubcommands()),
    registerActions: (routes) => registerTimeLogActions(routes, deps),
    registerViews: (routes) => registerTimeLogViews(routes, deps),
  };
}
