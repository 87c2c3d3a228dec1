/** Calendar-aware coaching: `/lead calendar`, the feed's minutes for the check-in, 1:1s found, no-code blocks. */

export type { CalendarDeps } from './deps';
export type { CalendarRepository } from './repository';

export { createCalendarHooks, type CalendarHooks } from './hooks';
