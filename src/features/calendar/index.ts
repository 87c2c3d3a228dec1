/** Calendar-aware coaching: `/lead calendar`, the feed's minutes for the check-in, 1:1s found, no-code blocks. */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerCalendarActions } from './actions';
import { calendarSubcommand } from './commands';
import type { CalendarDeps } from './deps';
import { CALENDAR_VIEW_CALLBACKS, registerCalendarViews } from './views';

export type { CalendarDeps } from './deps';
export type { CalendarRepository } from './repository';

export function calendarFeature(deps: CalendarDeps): Feature {
  return {
    name: 'calendar',
    subcommands: withDeps(deps, [calendarSubcommand()]),
    registerActions: (routes) => registerCalendarActions(routes, deps),
    registerListeners: (app) => registerCalendarViews(app, deps),
    viewCallbackIds: CALENDAR_VIEW_CALLBACKS,
  };
}
export { createCalendarHooks, type CalendarHooks } from './hooks';
