/**
 * The calendar feature as the app registers it: its subcommands, buttons, views and events. Only the
 * composition root (src/features.ts) imports this; other features and jobs use index.ts, which loads no listener.
 */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerCalendarActions } from './actions';
import { calendarSubcommand } from './commands';
import type { CalendarDeps } from './deps';
import { registerCalendarViews } from './views';

export function calendarFeature(deps: CalendarDeps): Feature {
  return {
    name: 'calendar',
    subcommands: withDeps(deps, [calendarSubcommand()]),
    registerActions: (routes) => registerCalendarActions(routes, deps),
    registerViews: (routes) => registerCalendarViews(routes, deps),
  };
}
