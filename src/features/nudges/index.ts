/** Nudges by DM at the manager's own times: `/lead nudges|pause|resume|hours|timezone`, their buttons and the job. */

export type { NudgeDeps } from './deps';
export { nudgeHomeSection } from './service';

export { NUDGE_ACTIONS, oneOnOneListMessage, type SettingsView } from './blocks';
export { NUDGE_CONTENT, nudgeById, type NudgeId } from './catalog';
export { ONE_ON_ONE_ADD_EXAMPLE, parseMention, parseOneOnOneAdd } from './rules/parse';
export { firstMeetingDate, nextMeeting, type OneOnOneSchedule } from './rules/schedule';
export type { NudgeSettingsRepository } from './settingsRepository';
export { settingsViewFor } from './service';
