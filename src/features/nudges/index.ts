/** Nudges by DM at the manager's own times: `/lead nudges|pause|resume|hours|timezone`, their buttons and the job. */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerNudgeActions } from './actions';
import { hoursSubcommand, nudgesSubcommand, timezoneSubcommand } from './commands';
import type { NudgeDeps } from './deps';
export { nudgesJob } from './job';
import { holidaysSubcommand } from './holidayCommands';
import { pauseSubcommand, resumeSubcommand } from './pauseCommands';
import { registerScheduleModal, SCHEDULE_MODAL } from './scheduleModal';

export type { NudgeDeps } from './deps';
export { nudgeHomeSection } from './service';

export function nudgesFeature(deps: NudgeDeps): Feature {
  return {
    name: 'nudges',
    subcommands: withDeps(deps, [nudgesSubcommand(), pauseSubcommand(), resumeSubcommand(), hoursSubcommand(), timezoneSubcommand(), holidaysSubcommand()]),
    registerActions: (routes) => registerNudgeActions(routes, deps),
    registerListeners: (app) => registerScheduleModal(app, deps),
    viewCallbackIds: [SCHEDULE_MODAL.callbackId],
  };
}
export { NUDGE_ACTIONS, oneOnOneListMessage, type SettingsView } from './blocks';
export { NUDGE_CONTENT, nudgeById, type NudgeId } from './catalog';
export { ONE_ON_ONE_ADD_EXAMPLE, parseMention, parseOneOnOneAdd } from './rules/parse';
export { firstMeetingDate, nextMeeting, type OneOnOneSchedule } from './rules/schedule';
export type { NudgeSettingsRepository } from './settingsRepository';
export { settingsViewFor } from './service';
