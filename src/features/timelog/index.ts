/** The time log: `/lead log|undo|week|targets`, the day form, and the split against targets other features show. */

export type { TimeLogDeps } from './deps';

export { TIME_LOG_ACTIONS, exportFailedMessage, exportSentMessage } from './blocks';
export { COACHING_LINE_TEXT_KEYS } from './rules/coachingLine';
export { formatMinutes } from './rules/duration';
export { computeSplit, type Split } from './rules/split';
export { mergeTargets, type Targets } from './rules/targets';
export { coachingLineFor, defaultTargets, targetsFor, todayFor, weekSummary, type WeekSummary } from './service';
export { openTimeLogModal } from './modal';
export { coachingBlocks, splitTable, trendLines } from './weekBlocks';
export type { TargetRepository } from './targetRepository';
export type { TimeEntryRepository } from './timeEntryRepository';
export { logEntry } from './history';
export type { TimeLogActionRepository } from './timeLogActionRepository';
export type { TimeEntry } from './entities';
